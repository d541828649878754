"""Continuing medical education: attendees claim credits after the meeting."""

from decimal import Decimal

from django.db import transaction

from icis.core.audit import audit_record

from .audit import MeetingAction
from .exceptions import RegistrationError
from .models import CmeClaim, Registration
from .registration import meeting_today
from .selectors import cme_claim_until, cme_credits_available

Status = Registration.Status

__all__ = ["cme_claim", "cme_claim_until", "cme_credits_available"]


@transaction.atomic
def cme_claim(*, registration_id: int, credits: Decimal, evaluation: dict, now=None) -> CmeClaim:
    registration = Registration.objects.select_related("meeting").get(pk=registration_id)
    meeting = registration.meeting
    if registration.status != Status.CONFIRMED:
        raise RegistrationError("Only confirmed attendees can claim credits.")
    today = meeting_today(meeting, now)
    if today <= meeting.end_date:
        raise RegistrationError("Credits can be claimed once the meeting has ended.")
    until = cme_claim_until(meeting)
    if until is not None and today > until:
        raise RegistrationError(f"Credits could be claimed until {until:%-d %B %Y}.")
    maximum = cme_credits_available(meeting)
    if not Decimal(0) < credits <= maximum:
        raise RegistrationError(f"Claim between 0.5 and {maximum.normalize()} credits.")
    if credits * 2 != int(credits * 2):
        raise RegistrationError("Credits are claimed in half credits.")
    claim, created = CmeClaim.objects.get_or_create(
        registration=registration, defaults={"credits": credits, "evaluation": evaluation}
    )
    if not created:
        raise RegistrationError("You have already claimed your credits.")
    audit_record(
        actor=registration.user,
        action=MeetingAction.CME_CLAIM,
        target=claim,
        data={"credits": str(credits)},
    )
    return claim
