"""Cancellation and refunds, and unpaid holds released (by the attendee or once expired)."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.money import format_money
from icis.mail.services import email_queue
from icis.payments import services as payment_services
from icis.payments.exceptions import PaymentError
from icis.payments.models import Payment

from ..audit import MeetingAction
from ..exceptions import RegistrationError
from ..models import (
    Meeting,
    Registration,
)
from ._common import (
    Status,
    _cancel,
    _lock,
    logger,
    meeting_today,
)
from .waitlist import waitlist_offer_next


def refund_percent(meeting: Meeting, *, now: datetime | None = None) -> int:
    today = meeting_today(meeting, now)
    rule = meeting.refund_rules.filter(until__gte=today).order_by("until").first()
    return rule.percent if rule else 0


def refund_due(
    registration: Registration, *, now: datetime | None = None, percent: int | None = None
) -> tuple[int, int]:
    """What cancelling gives back under the meeting's policy: (percent, amount in the meeting's
    currency). Only the registration's own amount (not a membership bought with it), and
    nothing for a place that was not paid for (an unpaid hold, a complimentary place).
    `percent` saves the lookup for a list."""
    if percent is None:
        percent = refund_percent(registration.meeting, now=now)
    if (
        registration.status != Status.CONFIRMED
        or not registration.payment_id
        or registration.is_complimentary
    ):
        return percent, 0
    return percent, registration.amount * percent // 100


def registration_cancel(
    *, registration_id: int, actor, now: datetime | None = None
) -> Registration:
    """The attendee (or staff) cancels: refunded by the meeting's policy, the place freed and
    offered to the waitlist. Call outside any transaction: the cancellation and the refund
    owed are recorded under the meeting's lock and committed, and only then is the refund
    made at Stripe, so nobody waits for Stripe to take a place."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("meeting", "category", "user").get(
        pk=registration_id
    )
    if registration.status == Status.PENDING:
        if not _hold_release(registration, now=now, actor=actor):
            registration.refresh_from_db(fields=["status"])
            if registration.status == Status.CANCELLED:
                raise RegistrationError("This registration is already cancelled.")
            if registration.status == Status.CONFIRMED:
                raise RegistrationError("This registration was paid a moment ago; it stands.")
            raise RegistrationError(
                "The card payment for this place is still being processed. Nothing was "
                "changed; please try again in a few minutes."
            )
        return registration
    with transaction.atomic():
        _lock(registration.meeting)
        registration.refresh_from_db()
        if registration.status != Status.CONFIRMED:
            raise RegistrationError("This registration is already cancelled.")
        percent, refund = refund_due(registration, now=now)
        _cancel(registration, now=now)
        registration.refunded_amount = refund  # owed now, paid back just after the commit
        registration.save(update_fields=["refunded_amount"])
        email_queue(
            to=registration.user.email,
            template="meetings/email/registration_cancelled",
            context={
                "name": registration.user.get_short_name(),
                "meeting": registration.meeting.name,
                "refund": format_money(refund, registration.meeting.currency),
                "refunded": refund > 0,
                "percent": percent,
            },
            dedupe_key=f"registration:{registration.pk}:cancelled",
        )
        audit_record(
            actor=actor,
            action=MeetingAction.REGISTRATION_CANCELLED,
            target=registration,
            data={"refund": refund, "percent": percent},
        )
        waitlist_offer_next(meeting=registration.meeting, category=registration.category, now=now)
    if refund:
        _refund_owed(registration, amount=refund, percent=percent, actor=actor, now=now)
    return registration


def _refund_owed(registration: Registration, *, amount: int, percent: int, actor, now) -> None:
    """Pay back what a committed cancellation owes. Should Stripe fail, the cancellation
    stands and staff are told (the refund is then made from the payment's admin page)."""
    try:
        payment_services.payment_refund(
            payment_id=registration.payment_id,
            amount=amount,
            actor=actor,
            now=now,
            reason=f"Registration cancelled: {percent}% refund under the meeting's policy",
        )
    except PaymentError as exc:
        logger.exception("Refund of registration %s failed", registration.pk)
        audit_record(
            actor=actor,
            action=MeetingAction.REGISTRATION_REFUND_FAILED,
            target=registration,
            data={"amount": amount, "error": str(exc)},
        )


def _hold_release(registration: Registration, *, now: datetime, actor=None) -> bool:
    """An unpaid hold ends and its place is offered on, unless its card was charged at the
    last moment (then the payment is confirmed instead, and so is the place). Returns whether
    the place went back.

    Called outside any transaction: the card intent is cancelled at Stripe first, with no lock
    held; once cancelled there it can never be charged, and the place is given back under the
    meeting's lock."""
    if registration.payment_id:
        payment = payment_services.payment_cancel_unless_paid(
            payment_id=registration.payment_id, actor=actor, now=now
        )
        if payment.status != Payment.Status.CANCELLED:
            return False  # paid at the last moment, or Stripe still deciding: kept for now
    with transaction.atomic():
        _lock(registration.meeting)
        registration.refresh_from_db()
        if registration.status != Status.PENDING:
            return False
        _cancel(registration, now=now)
        audit_record(
            actor=actor, action=MeetingAction.REGISTRATION_HOLD_RELEASED, target=registration
        )
        waitlist_offer_next(meeting=registration.meeting, category=registration.category, now=now)
    return True


def holds_release_expired(*, now: datetime | None = None) -> int:
    """Beat: unpaid holds past their time, or whose payment was cancelled (a membership
    bought separately replaces the one in the same payment; staff cancel it), are released and
    their places offered on."""
    now = now or timezone.now()
    expired = list(
        Registration.objects.filter(status=Status.PENDING)
        .filter(Q(hold_expires_at__lte=now) | Q(payment__status=Payment.Status.CANCELLED))
        .select_related("meeting", "category")
        .order_by("hold_expires_at", "pk")
    )
    return sum(_hold_release(registration, now=now) for registration in expired)
