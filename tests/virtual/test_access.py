"""Who may enter the virtual platform: confirmed attendees and staff; everyone else is told
what it offers and how to register."""

import pytest
from django.urls import reverse

from meetings.models import Format, Registration
from tests.conftest import sign_in_with_two_factor
from tests.factories import MeetingFactory, UserFactory
from tests.factories.virtual import ConfirmedRegistrationFactory, VirtualMeetingFactory

PAGES = ["virtual:on_demand", "posters:gallery", "exhibitors:hall", "tournament:board"]


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.mark.parametrize("page", PAGES)
def test_a_visitor_is_told_how_to_register(client, meeting, page):
    response = client.get(reverse(page, args=[meeting.slug]))

    assert response.status_code == 403
    assert b"for registered attendees" in response.content
    assert reverse("meetings:register", args=[meeting.slug]).encode() in response.content


@pytest.mark.parametrize(
    "status", [Registration.Status.PENDING, Registration.Status.CANCELLED, None]
)
def test_an_account_without_a_confirmed_place_is_refused(client, meeting, status):
    user = UserFactory()
    if status:
        ConfirmedRegistrationFactory(meeting=meeting, user=user, status=status)
    client.force_login(user)

    response = client.get(reverse("posters:gallery", args=[meeting.slug]))

    assert response.status_code == 403
    assert b"has no confirmed registration" in response.content


def test_a_confirmed_attendee_of_another_meeting_is_refused(client, meeting):
    other = ConfirmedRegistrationFactory()
    client.force_login(other.user)

    assert client.get(reverse("posters:gallery", args=[meeting.slug])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_confirmed_attendee_enters_every_part(client, meeting, page):
    client.force_login(ConfirmedRegistrationFactory(meeting=meeting).user)

    assert client.get(reverse(page, args=[meeting.slug])).status_code == 200


def test_staff_enter_only_after_two_factor(client, meeting, staff_user_2fa):
    client.force_login(staff_user_2fa)
    assert client.get(reverse("tournament:board", args=[meeting.slug])).status_code == 403

    sign_in_with_two_factor(client, staff_user_2fa)
    assert client.get(reverse("tournament:board", args=[meeting.slug])).status_code == 200


def test_an_in_person_meeting_has_no_platform(client, db):
    meeting = MeetingFactory(format=Format.IN_PERSON, status="registration_open")
    client.force_login(ConfirmedRegistrationFactory(meeting=meeting).user)

    assert client.get(reverse("posters:gallery", args=[meeting.slug])).status_code == 404
    page = client.get(meeting.get_absolute_url()).content
    assert reverse("posters:gallery", args=[meeting.slug]).encode() not in page


def test_the_meeting_pages_link_to_the_platform(client, meeting):
    page = client.get(meeting.get_absolute_url()).content

    for name in PAGES:
        assert reverse(name, args=[meeting.slug]).encode() in page


def test_a_draft_meeting_has_no_platform_pages(client, db):
    meeting = VirtualMeetingFactory(status="draft")
    client.force_login(ConfirmedRegistrationFactory(meeting=meeting).user)

    assert client.get(reverse("posters:gallery", args=[meeting.slug])).status_code == 404
