"""The last day to claim CME credits: staff may set one per accreditation; after it the claim
is refused, and the attendee's "My meetings" stops offering it."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from meetings import cme_credits
from meetings.exceptions import RegistrationError
from tests.factories import AccreditationFactory, MeetingFactory
from tests.factories.meetings import RegistrationFactory

pytestmark = pytest.mark.django_db


def _noon(meeting, day):
    return datetime.combine(day, datetime.min.time(), tzinfo=meeting.time_zone) + timedelta(
        hours=12
    )


def test_credits_are_claimed_up_to_the_last_day_the_accreditation_sets():
    meeting = MeetingFactory(time_zone="Europe/London")
    last_day = meeting.end_date + timedelta(days=30)
    AccreditationFactory(meeting=meeting, credits=Decimal(18), claim_until=last_day)
    AccreditationFactory(meeting=meeting, credits=Decimal(6), claim_until=None)
    late, on_time = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    assert cme_credits.cme_claim_until(meeting) == last_day

    with pytest.raises(RegistrationError, match=f"until {last_day.day} "):
        cme_credits.cme_claim(
            registration_id=late.pk,
            credits=Decimal(18),
            evaluation={},
            now=_noon(meeting, last_day + timedelta(days=1)),
        )
    claim = cme_credits.cme_claim(
        registration_id=on_time.pk,
        credits=Decimal(18),
        evaluation={},
        now=_noon(meeting, last_day),
    )
    assert claim.credits == Decimal(18)


def test_without_a_last_day_credits_can_be_claimed_any_time_after_the_meeting():
    meeting = MeetingFactory(time_zone="Europe/London")
    AccreditationFactory(meeting=meeting, credits=Decimal(18))
    registration = RegistrationFactory(meeting=meeting)
    assert cme_credits.cme_claim_until(meeting) is None
    claim = cme_credits.cme_claim(
        registration_id=registration.pk,
        credits=Decimal(1),
        evaluation={},
        now=_noon(meeting, meeting.end_date + timedelta(days=3650)),
    )
    assert claim.credits == Decimal(1)
