"""Meetings in the personal-data registry (`icis.accounts.personal_data`): a person's
registrations (with their accessibility needs and CME claims), waitlist places and program
listings.

Erasing a registration deletes the row and its CME claim. The payment it points at stays, as
an anonymous financial record (payments does that), so the meeting's income still adds up; the
audit log keeps that a registration existed, without the name. The row itself cannot stay
for counts without its person: `Registration.user` is required, and every path that emails or
lists registrants reads it, so a nameless confirmed row would be an announcement or reminder
sent to no one. A place the person held for a meeting still to come is freed by the deletion.
"""

from datetime import datetime

from django.db.models import Count

from icis.accounts import personal_data
from icis.core.audit import audit_record
from icis.core.images import delete_after_commit, picture_names
from icis.core.money import format_money

from .audit import MeetingAction
from .models import CmeClaim, Person, Registration, WaitlistEntry


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _registration(registration: Registration) -> dict:
    meeting = registration.meeting
    claim = getattr(registration, "cme_claim", None)
    return {
        "meeting": meeting.name,
        "category": registration.category.name,
        "status": registration.get_status_display(),
        "fee_window": registration.fee_window,
        "amount": format_money(registration.amount, meeting.currency),
        "refunded": format_money(registration.refunded_amount, meeting.currency)
        if registration.refunded_amount
        else None,
        "complimentary": registration.is_complimentary,
        "badge_name": registration.badge_name,
        "affiliation": registration.affiliation,
        "country": str(registration.country),
        "accessibility_needs": registration.accessibility_needs,
        "in_attendee_list": registration.list_consent,
        "registered": _date(registration.created_at),
        "confirmed": _date(registration.confirmed_at),
        "cancelled": _date(registration.cancelled_at),
        "cme_claim": {
            "credits": str(claim.credits),
            "evaluation": claim.evaluation,
            "claimed": _date(claim.claimed_at),
        }
        if claim
        else None,
    }


def account_export(*, user) -> dict:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("meeting", "category", "cme_claim")
        .order_by("created_at", "pk")
    )
    waitlist = (
        WaitlistEntry.objects.filter(user=user)
        .select_related("meeting", "category")
        .order_by("created_at", "pk")
    )
    person = Person.objects.filter(user=user).first()
    return {
        "registrations": [_registration(registration) for registration in registrations],
        "waitlist": [
            {
                "meeting": entry.meeting.name,
                "category": entry.category.name,
                "status": entry.get_status_display(),
                "joined": _date(entry.created_at),
                "offered": _date(entry.offered_at),
            }
            for entry in waitlist
        ],
        "program_listing": {
            "name": person.name,
            "affiliation": person.affiliation,
            "country": str(person.country),
            "photo": person.photo.url if person.photo else None,
        }
        if person
        else None,
    }


def account_erase(*, user, now: datetime) -> None:
    """The person's registrations (with accessibility needs and CME claims) and waitlist
    places go. A committee or speaker listing stays on the meeting's public pages, no longer
    linked to the account."""
    registrations = Registration.objects.filter(user=user)
    ids = list(registrations.values_list("pk", flat=True))
    per_meeting = {
        row["meeting__slug"]: row["n"]
        for row in registrations.values("meeting__slug").annotate(n=Count("pk")).order_by()
    }
    claims = CmeClaim.objects.filter(registration_id__in=ids)
    personal_data.audit_targets_forget(
        model=CmeClaim, ids=claims.values_list("pk", flat=True), label="erased CME claim"
    )
    personal_data.audit_targets_forget(model=Registration, ids=ids, label="erased registration")
    erased = {
        "registrations": per_meeting,
        "cme_claims": claims.count(),
        "waitlist": WaitlistEntry.objects.filter(user=user).count(),
    }
    claims.delete()
    Registration.objects.filter(pk__in=ids).delete()
    WaitlistEntry.objects.filter(user=user).delete()
    for person in Person.objects.filter(user=user).exclude(photo=""):
        delete_after_commit(
            person.photo.storage, picture_names(person.photo.name, person.photo_width)
        )
    Person.objects.filter(user=user).update(
        user=None, photo="", photo_alt="", photo_width=None, photo_height=None
    )
    if ids or erased["waitlist"]:
        audit_record(actor=None, action=MeetingAction.ACCOUNT_ERASED, data=erased, now=now)


def register() -> None:
    personal_data.register(
        "meetings",
        export=account_export,
        erase=account_erase,
        exported=[
            "meetings.Registration",
            "meetings.CmeClaim",
            "meetings.WaitlistEntry",
            "meetings.Person",
        ],
        erased=["meetings.Registration", "meetings.CmeClaim", "meetings.WaitlistEntry"],
        kept={
            "meetings.Person": "A committee, chair or speaker listing is part of the meeting's "
            "public record; the erasure unlinks it from the account and removes its photo.",
            "meetings.Announcement": "Which staff member sent an announcement is the society's "
            "record; the link goes with the staff account (SET_NULL).",
        },
    )
