"""Meetings at scale for the iPoster tests: posters and confirmed attendees made in bulk."""

from django.contrib.auth import get_user_model

from meetings.models import Registration
from meetings.posters.models import Poster
from tests.factories.meetings import RegistrationCategoryFactory
from tests.factories.virtual import ConfirmedRegistrationFactory

TOPICS = ["Interferons", "Chemokines", "Inflammasomes"]


def posters_many(meeting, count: int) -> list[Poster]:
    start = Poster.objects.filter(meeting=meeting).count()
    return Poster.objects.bulk_create(
        Poster(
            meeting=meeting,
            title=f"STAT1 signalling in model {start + n}",
            topic=TOPICS[(start + n) % len(TOPICS)],
            board_number=f"B-{start + n}",
            presenter_name=f"Presenter {start + n}",
            presenter_affiliation="Fictional Institute of Immunology",
        )
        for n in range(count)
    )


def attendees_many(meeting, count: int) -> None:
    start = get_user_model().objects.count()
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            email=f"attendee{start + n}@example.org", first_name="Attendee", last_name=str(n)
        )
        for n in range(count)
    )
    category = RegistrationCategoryFactory(meeting=meeting)
    Registration.objects.bulk_create(
        ConfirmedRegistrationFactory.build(meeting=meeting, user=user, category=category)
        for user in users
    )
