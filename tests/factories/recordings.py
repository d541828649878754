"""Live and on demand: recordings of program sessions, talks with speakers, approved hosts, and
many confirmed attendees at once (for pages measured at the meeting's full size)."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.models import Person, Registration, Talk, TalkSpeaker
from meetings.virtual.models import EmbedHost, Recording

from .meetings import ProgramDayFactory, RegistrationCategoryFactory, SessionFactory
from .virtual import VirtualMeetingFactory


class EmbedHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmbedHost
        django_get_or_create = ["host"]

    host = "player.example.com"
    name = "Example player"


class RecordingFactory(factory.django.DjangoModelFactory):
    """A recording of a session of a virtual meeting, on a host nobody approved yet."""

    class Meta:
        model = Recording

    session = factory.SubFactory(
        SessionFactory,
        day=factory.SubFactory(
            ProgramDayFactory, meeting=factory.SubFactory(VirtualMeetingFactory)
        ),
    )
    title = factory.Sequence(lambda n: f"Recording {n}")
    url = factory.Sequence(lambda n: f"https://video.example.org/recording-{n}")
    duration_seconds = 3600


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Dr Speaker {n}")
    affiliation = "Cardiff University"


def talk_with_speaker(session, *, title: str = "A talk", speaker: Person | None = None) -> Talk:
    talk = Talk.objects.create(session=session, title=title)
    TalkSpeaker.objects.create(talk=talk, person=speaker or PersonFactory())
    return talk


def attendees_bulk(meeting, count: int) -> list:
    """`count` accounts with a confirmed registration for `meeting`, in a few queries."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"attendee{meeting.pk}-{index}@example.org")
        for index in range(count)
    )
    category = RegistrationCategoryFactory(meeting=meeting)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user=user,
            category=category,
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
            badge_name=user.email,
            affiliation="Cardiff University",
            country="GB",
        )
        for user in users
    )
    return users
