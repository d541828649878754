"""A free place granted by staff or by an award."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record

from ..audit import MeetingAction
from ..exceptions import RegistrationError, SoldOut
from ..models import (
    Meeting,
    Registration,
    RegistrationCategory,
)
from ._common import (
    Attendee,
    Status,
    _confirm,
    _lock,
    _places_left,
)


def registration_grant(
    *,
    user,
    meeting: Meeting,
    category: RegistrationCategory,
    attendee: Attendee,
    actor,
    now: datetime | None = None,
    reason: str = "",
) -> Registration:
    """Staff register someone free (a speaker, an award winner). It takes a place like any
    other registration, under the same lock."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock(meeting)
        if (
            Registration.objects.filter(meeting=meeting, user=user)
            .exclude(status=Status.CANCELLED)
            .exists()
        ):
            raise RegistrationError(f"{user.email} is already registered for {meeting.name}.")
        left = _places_left(meeting, category, now=now, user=user)
        if left is not None and left <= 0:
            raise SoldOut(f"{category.name} is full.")
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            category=category,
            is_complimentary=True,
            fee_window="Complimentary",
            badge_name=attendee.badge_name,
            affiliation=attendee.affiliation,
            country=attendee.country,
            accessibility_needs=attendee.accessibility_needs,
            list_consent=attendee.list_consent,
        )
        _confirm(registration, now=now)
        audit_record(
            actor=actor,
            action=MeetingAction.REGISTRATION_GRANTED,
            target=registration,
            data={"reason": reason},
        )
    return registration
