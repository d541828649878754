import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.models import Registration
from tests.factories.exhibitors import BoothFactory
from tests.factories.meetings import RegistrationCategoryFactory
from tests.factories.virtual import VirtualMeetingFactory, attendee_of


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.fixture
def booth(meeting):
    return BoothFactory(meeting=meeting, name="Example Reagents Ltd (fictional)")


@pytest.fixture
def attendee(meeting):
    return attendee_of(meeting, first_name="Grace", last_name="Hopper", email="grace@example.org")


def attendees_add(meeting, count: int) -> None:
    """`count` confirmed attendees at once (the hall must not care how many there are)."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"crowd{start + n}@example.org") for n in range(count)
    )
    category = RegistrationCategoryFactory(meeting=meeting)
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user=user,
            category=category,
            status=Registration.Status.CONFIRMED,
            confirmed_at=timezone.now(),
            badge_name="Crowd",
            affiliation="Somewhere",
            country="GB",
        )
        for user in users
    )
