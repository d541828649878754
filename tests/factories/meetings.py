"""Meetings: the meeting, its registration settings, categories, prices and codes, its
program, sponsors, accreditation and announcements."""

from datetime import time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from meetings.models import (
    Accreditation,
    Announcement,
    Fee,
    FeeWindow,
    FormatChange,
    Meeting,
    ProgramDay,
    PromoCode,
    RefundRule,
    Registration,
    RegistrationCategory,
    RegistrationSettings,
    Session,
    Sponsor,
    SponsorTier,
)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A draft in-person meeting of four days, ninety days from today."""

    class Meta:
        model = Meeting

    edition = factory.Sequence(lambda n: 30 + n)
    name = factory.LazyAttribute(lambda o: f"Cytokines {o.start_date.year}")
    slug = factory.Sequence(lambda n: f"cytokines-meeting-{n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=3))


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationSettings

    meeting = factory.SubFactory(MeetingFactory)
    capacity = None


class FeeWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeWindow

    meeting = factory.SubFactory(MeetingFactory)
    name = "Regular"
    ends_on = factory.LazyAttribute(lambda o: o.meeting.start_date - timedelta(days=1))


class RegistrationCategoryFactory(factory.django.DjangoModelFactory):
    """A public category anyone may choose."""

    class Meta:
        model = RegistrationCategory

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class FeeFactory(factory.django.DjangoModelFactory):
    """A category's price in a fee window, in the meeting's currency's minor units."""

    class Meta:
        model = Fee

    category = factory.SubFactory(RegistrationCategoryFactory)
    window = factory.SubFactory(
        FeeWindowFactory, meeting=factory.SelfAttribute("..category.meeting")
    )
    amount = 45000


class RefundRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefundRule

    meeting = factory.SubFactory(MeetingFactory)
    until = factory.LazyAttribute(lambda o: o.meeting.start_date - timedelta(days=30))
    percent = 100


class PromoCodeFactory(factory.django.DjangoModelFactory):
    """A code for 10% off (or `amount_off` instead), once."""

    class Meta:
        model = PromoCode

    meeting = factory.SubFactory(MeetingFactory)
    code = factory.Sequence(lambda n: f"CODE{n}")
    amount_off = None
    percent_off = factory.LazyAttribute(lambda o: None if o.amount_off is not None else 10)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    meeting = factory.SubFactory(MeetingFactory)
    subject = "News about the meeting"
    body = "Some **news**."


class ProgramDayFactory(factory.django.DjangoModelFactory):
    """The meeting's first day in the program."""

    class Meta:
        model = ProgramDay

    meeting = factory.SubFactory(MeetingFactory)
    date = factory.LazyAttribute(lambda o: o.meeting.start_date)


class SessionFactory(factory.django.DjangoModelFactory):
    """A live symposium from nine to ten, in the meeting's time zone."""

    class Meta:
        model = Session

    day = factory.SubFactory(ProgramDayFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    start_time = time(9)
    end_time = time(10)


class SponsorTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorTier

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Tier {n}")


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Sponsor {n}")


class AccreditationFactory(factory.django.DjangoModelFactory):
    """CME credits granted for the meeting."""

    class Meta:
        model = Accreditation

    meeting = factory.SubFactory(MeetingFactory)
    body = "EACCME"
    credits = Decimal("12.0")
    statement = "Granted."


class FormatChangeFactory(factory.django.DjangoModelFactory):
    """The meeting moved from in person to hybrid today."""

    class Meta:
        model = FormatChange

    meeting = factory.SubFactory(MeetingFactory)
    changed_on = factory.LazyFunction(timezone.localdate)
    from_format = "in_person"
    to_format = "hybrid"
    title = "Now hybrid"
    explanation = "The meeting is now hybrid."


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed complimentary place (as staff grant one) in a category of its meeting; for
    a paid place go through meetings.registration.registration_checkout."""

    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    category = factory.LazyAttribute(lambda o: RegistrationCategoryFactory(meeting=o.meeting))
    status = Registration.Status.CONFIRMED
    is_complimentary = True
    confirmed_at = factory.LazyFunction(timezone.now)
    badge_name = factory.LazyAttribute(lambda o: o.user.get_full_name())
    affiliation = "Cardiff University"
    country = "GB"
