"""The waitlist: joining, offers as places free up, offers that lapse."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.mail.services import email_queue

from ..audit import MeetingAction
from ..exceptions import RegistrationError
from ..models import (
    Meeting,
    Registration,
    RegistrationCategory,
    WaitlistEntry,
)
from ._common import (
    Status,
    _lock,
    _places_left,
    settings_for,
)


def waitlist_join(
    *, user, meeting: Meeting, category: RegistrationCategory, now: datetime | None = None
) -> WaitlistEntry:
    with transaction.atomic():
        _lock(meeting)
        if Registration.objects.filter(
            meeting=meeting, user=user, status=Status.CONFIRMED
        ).exists():
            raise RegistrationError("You are already registered.")
        active = WaitlistEntry.objects.filter(
            meeting=meeting,
            user=user,
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        ).first()
        if active is not None:
            return active  # already waiting, or already offered a place
        left = _places_left(meeting, category, now=now or timezone.now(), user=user)
        if left is None or left > 0:
            raise RegistrationError(f"{category.name} still has places: register instead.")
        entry = WaitlistEntry.objects.create(meeting=meeting, user=user, category=category)
        audit_record(actor=user, action=MeetingAction.WAITLIST_JOIN, target=entry)
    return entry


def waitlist_offer_next(*, meeting: Meeting, category: RegistrationCategory, now: datetime) -> list:
    """Offer freed places to the longest-waiting people, each for a limited time. Call under
    the meeting's lock."""
    offered = []
    hours = settings_for(meeting).waitlist_offer_hours
    while True:
        left = _places_left(meeting, category, now=now)
        if left is not None and left <= 0:
            return offered
        entry = WaitlistEntry.objects.filter(
            meeting=meeting, category=category, status=WaitlistEntry.Status.WAITING
        ).first()
        if entry is None:
            return offered
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offered_at = now
        entry.offer_expires_at = now + timedelta(hours=hours)
        entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
        email_queue(
            to=entry.user.email,
            template="meetings/email/waitlist_offer",
            context={
                "name": entry.user.get_short_name(),
                "meeting": meeting.name,
                "category": category.name,
                "until": entry.offer_expires_at.astimezone(meeting.time_zone).strftime(
                    "%-d %B %Y, %H:%M %Z"
                ),
                "register_path": f"{meeting.get_absolute_url()}register/?category={category.slug}",
            },
            dedupe_key=f"waitlist:{entry.pk}:offer",
        )
        offered.append(entry)


def waitlist_expire_offers(*, now: datetime | None = None) -> int:
    """Beat: offers not taken in time lapse, and the place goes to the next person."""
    now = now or timezone.now()
    expired = 0
    for entry in WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
    ).select_related("meeting", "category"):
        with transaction.atomic():
            _lock(entry.meeting)
            updated = WaitlistEntry.objects.filter(
                pk=entry.pk, status=WaitlistEntry.Status.OFFERED
            ).update(status=WaitlistEntry.Status.EXPIRED)
            if updated:
                expired += 1
                waitlist_offer_next(meeting=entry.meeting, category=entry.category, now=now)
    return expired
