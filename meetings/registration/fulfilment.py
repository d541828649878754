"""What happens to a registration when its payment is paid or refunded."""

from datetime import datetime

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.payments.models import Payment

from ..audit import MeetingAction
from ..models import (
    Registration,
)
from ._common import (
    Status,
    _cancel,
    _confirm,
    _lock,
    logger,
)
from .waitlist import waitlist_offer_next


def registration_fulfil(*, item, payment: Payment, now: datetime) -> None:
    """The payments registry calls this when a registration is paid for."""
    # Locks in the order every path takes them, payment then registration; the meeting's lock
    # is not needed here, as a paid hold already counts as a taken place.
    try:
        registration = lock_one(
            Registration.objects.select_related("meeting", "user", "category"),
            of=("self",),
            pk=item.object_id,
        )
    except Registration.DoesNotExist:  # its person erased their account meanwhile
        logger.error("Payment %s paid for registration %s, which no longer exists", payment.pk,
                     item.object_id)  # fmt: skip
        return
    if registration.status == Status.CONFIRMED:
        return
    # A hold is released only after its card intent is cancelled at Stripe, so a payment that
    # arrives here was made while the place was still held.
    _confirm(registration, now=now)
    audit_record(
        actor=None,
        action=MeetingAction.REGISTRATION_CONFIRMED,
        target=registration,
        data={"payment": payment.pk},
    )


def registration_refunded(*, item, payment: Payment, fully: bool, now: datetime) -> None:
    if not fully:
        return
    registration = (
        Registration.objects.select_related("meeting", "category").filter(pk=item.object_id).first()
    )
    if registration is None:  # erased with its person's account: nothing left to cancel
        return
    _lock(registration.meeting)
    registration.refresh_from_db(fields=["status"])
    if registration.status == Status.CONFIRMED:
        _cancel(registration, now=now)
        waitlist_offer_next(meeting=registration.meeting, category=registration.category, now=now)
