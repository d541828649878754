"""The virtual meeting: a virtual meeting open for registration, its confirmed attendees, the
tournament and its rules, posters."""

import factory
from django.utils import timezone

from meetings.models import Format, Meeting, Registration
from meetings.posters.models import Poster
from meetings.tournament.models import PointRule, Tournament

from .accounts import UserFactory
from .meetings import MeetingFactory, RegistrationCategoryFactory


class VirtualMeetingFactory(MeetingFactory):
    """A fully virtual meeting, published and open for registration."""

    format = Format.VIRTUAL
    status = Meeting.Status.REGISTRATION_OPEN


class ConfirmedRegistrationFactory(factory.django.DjangoModelFactory):
    """A paid, confirmed place: the person is an attendee of the meeting."""

    class Meta:
        model = Registration

    meeting = factory.SubFactory(VirtualMeetingFactory)
    user = factory.SubFactory(UserFactory)
    category = factory.LazyAttribute(lambda o: RegistrationCategoryFactory(meeting=o.meeting))
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
    badge_name = factory.LazyAttribute(lambda o: o.user.get_full_name() or o.user.email)
    affiliation = "Cardiff University"
    country = "GB"


def attendee_of(meeting, **user_fields):
    """A new account with a confirmed registration for `meeting`."""
    return ConfirmedRegistrationFactory(meeting=meeting, user=UserFactory(**user_fields)).user


class TournamentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tournament

    meeting = factory.SubFactory(VirtualMeetingFactory)


class PointRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointRule

    tournament = factory.SubFactory(TournamentFactory)
    points = 10


class PosterFactory(factory.django.DjangoModelFactory):
    """A poster added by hand, with a presenter account."""

    class Meta:
        model = Poster

    meeting = factory.SubFactory(VirtualMeetingFactory)
    title = factory.Sequence(lambda n: f"Interferon lambda signalling in epithelia, part {n}")
    topic = "Interferons"
    board_number = factory.Sequence(lambda n: f"P1-{n + 1}")
    presenter = factory.SubFactory(UserFactory)
    presenter_name = factory.LazyAttribute(lambda o: o.presenter.get_full_name() or "A presenter")
    presenter_affiliation = "Cardiff University"
