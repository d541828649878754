"""What every part of registration shares: the attendee's answers, the meeting's day and
settings, the meeting lock, places left, eligibility, promo codes, and confirming or
cancelling a registration."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model

from icis.core.dates import date_range_text
from icis.core.locks import lock_one
from icis.core.money import format_money
from icis.mail.services import email_queue
from members import selectors as member_selectors
from members import services as member_services
from members.career import TRAINEE_STAGES
from members.dates import term_end

from ..availability import places_left
from ..exceptions import RegistrationError
from ..member_rate import member_rate_holds
from ..models import (
    FeeWindow,
    Meeting,
    PromoCode,
    Registration,
    RegistrationCategory,
    RegistrationSettings,
)
from ..selectors import attendee_confirmed

logger = logging.getLogger("meetings.registration")
PROMO_USED_UP = "That promo code has been used as often as it may be."
User = get_user_model()
Status = Registration.Status


@dataclass(frozen=True)
class Attendee:
    """What the registration form asks."""

    badge_name: str
    affiliation: str
    country: str
    accessibility_needs: str = ""
    list_consent: bool = False


def meeting_today(meeting: Meeting, now: datetime | None = None) -> date:
    return meeting.local_today(now)


def fee_window_current(
    meeting: Meeting, *, now: datetime | None = None, windows: list[FeeWindow] | None = None
) -> FeeWindow | None:
    """The fee window that applies today: the first not yet ended. `windows`: the meeting's
    windows when the caller has them already (the price table), saving a query."""
    today = meeting_today(meeting, now)
    if windows is not None:
        open_windows = [window for window in windows if window.ends_on >= today]
        return min(open_windows, key=lambda window: window.ends_on, default=None)
    return meeting.fee_windows.filter(ends_on__gte=today).order_by("ends_on").first()


def streams_visible_to(*, user, meeting: Meeting) -> bool:
    """Session stream links are for confirmed attendees, once staff publish the access details."""
    published = RegistrationSettings.objects.filter(meeting=meeting, access_published=True)
    return attendee_confirmed(meeting=meeting, user=user) and published.exists()


def settings_for(meeting: Meeting) -> RegistrationSettings:
    found = RegistrationSettings.objects.filter(meeting=meeting).first()
    if found is None:
        found, _ = RegistrationSettings.objects.get_or_create(meeting=meeting)
    return found


def _lock(meeting: Meeting) -> Meeting:
    """The meeting's row, locked: every path that takes or frees a place goes through it."""
    return lock_one(Meeting, pk=meeting.pk)


def _places_left(meeting: Meeting, category: RegistrationCategory, *, now, user=None) -> int | None:
    """Places still free in the category and the meeting (None: unlimited). Call under the
    meeting's lock."""
    return places_left(meeting, [category], settings_for(meeting), now=now, user=user)[category.pk]


def eligibility_problem(
    *, user, meeting: Meeting, category: RegistrationCategory, joining=None
) -> str:
    if category.requires_trainee and (
        member_services.profile_ensure(user=user).career_stage not in TRAINEE_STAGES
    ):
        return (
            "This rate is for students and postdoctoral researchers (set your career stage in "
            "your profile)."
        )
    if joining is not None:
        missing = member_services.profile_ensure(user=user).missing_for_membership()
        if missing:
            return f"To join, please complete your profile first: {', '.join(missing)}."
        problem = member_services.price_problem(membership_type=joining, currency=meeting.currency)
        if problem:
            return problem
    if category.requires_membership:
        if joining is not None:
            # A renewal continues from the current end; joining starts today.
            starts = member_selectors.membership_next_start(user=user)
            ends = term_end(starts, joining.term_months)
            if ends is not None and ends < meeting.end_date:
                return f"A {joining.name} membership bought today ends before the meeting."
            return ""
        if not member_rate_holds(user=user, meeting=meeting):
            return (
                "The member rate needs a membership that covers the meeting's dates "
                f"({date_range_text(meeting.start_date, meeting.end_date)}). Join or renew "
                "in the same checkout below."
            )
    return ""


def _promo(meeting, code_text: str, category, *, today) -> PromoCode | None:
    """The promo code, if it exists and applies; how often it has been used is checked when the
    place is taken, under the meeting's lock."""
    if not code_text:
        return None
    promo = PromoCode.objects.filter(
        meeting=meeting, code__iexact=code_text.strip(), is_active=True
    ).first()
    if promo is None:
        raise RegistrationError("That promo code is not valid for this meeting.")
    if (promo.valid_from and today < promo.valid_from) or (
        promo.valid_until and today > promo.valid_until
    ):
        raise RegistrationError("That promo code is not valid today.")
    if promo.categories.exists() and not promo.categories.filter(pk=category.pk).exists():
        raise RegistrationError(f"That promo code does not apply to {category.name}.")
    return promo


def _confirm(registration: Registration, *, now: datetime) -> None:
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "hold_expires_at"])
    meeting = registration.meeting
    email_queue(
        to=registration.user.email,
        template="meetings/email/registration_confirmed",
        context={
            "name": registration.user.get_short_name(),
            "meeting": meeting.name,
            "dates": date_range_text(meeting.start_date, meeting.end_date),
            "category": registration.category.name,
            "amount": format_money(registration.amount, meeting.currency),
            "attend_path": f"{meeting.get_absolute_url()}attend/",
            "receipt_path": registration.payment.get_receipt_url() if registration.payment else "",
        },
        dedupe_key=f"registration:{registration.pk}:confirmed",
        attachments=(
            [{"kind": "payment_receipt", "id": registration.payment_id}]
            if registration.payment_id
            else []
        ),
    )


def _cancel(registration: Registration, *, now: datetime) -> None:
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
