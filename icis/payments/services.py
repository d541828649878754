"""Payments' writes. Stripe is reached only through `stripe_gateway`, and never while a row
lock is held: services that call Stripe say "call outside any transaction" and do it in steps
(call Stripe, then lock and record; or record, commit, call Stripe, record the outcome).

The card flow lives in `checkout.py`, refunds and disputes in `refunds.py`; their services are
re-exported here, so callers keep importing `icis.payments.services`."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.core.money import format_money
from icis.mail.services import email_queue

from . import registry, stripe_gateway
from .audit import PaymentAction
from .exceptions import CardError, PaymentError
from .models import LineItem, Payment, ReceiptCounter, SavedCard

logger = logging.getLogger(__name__)
Status = Payment.Status

# What the payer reads when Stripe disagrees with the payment (see `payment_confirm`).
REVIEW_MESSAGE = (
    "Your card payment reached us, but it does not match what was owed, so it has not been "
    "applied yet. The society's office has been told and will contact you; there is no need "
    "to pay again."
)


@dataclass(frozen=True)
class Item:
    kind: str
    object_id: int
    description: str
    amount: int


# No savepoint of its own: it is always part of a caller's checkout, which it fails as a whole.
@transaction.atomic(savepoint=False)
def payment_create(
    *,
    payer,
    currency: str,
    description: str,
    items: list[Item],
    next_url: str = "/my/",
    audited_by_caller: bool = False,
) -> Payment:
    """A pending payment for `items`. A caller that records the payment in its own audit entry
    (a registration hold names its payment) passes `audited_by_caller`."""
    if not items:
        raise PaymentError("A payment needs at least one item.")
    payment = Payment.objects.create(
        payer=payer,
        payer_name=payer.get_full_name() or payer.email,
        payer_email=payer.email,
        description=description[:300],
        currency=currency.upper(),
        amount=sum(item.amount for item in items),
        next_url=next_url,
    )
    LineItem.objects.bulk_create(
        LineItem(
            payment=payment,
            kind=item.kind,
            object_id=item.object_id,
            description=item.description[:300],
            amount=item.amount,
        )
        for item in items
    )
    if not audited_by_caller:
        audit_record(
            actor=payer,
            action=PaymentAction.CREATE,
            target=payment,
            data={"amount": payment.amount, "currency": payment.currency},
        )
    return payment


def _require_pending(payment: Payment) -> None:
    if payment.status == Status.PENDING:
        return
    if payment.is_paid:
        raise PaymentError("This payment has already been made.")
    if payment.status == Status.REVIEW:
        raise PaymentError(REVIEW_MESSAGE)
    raise PaymentError("This payment was cancelled. Please start again.")


def _intent_cancel_quietly(intent_id: str) -> None:
    """An earlier, unused intent of the payment is cancelled so it can never be charged.
    Call outside any transaction."""
    try:
        intent = stripe_gateway.payment_intent_retrieve(intent_id)
        if intent.status not in ("succeeded", "canceled", "processing"):
            stripe_gateway.payment_intent_cancel(intent_id)
    except PaymentError:
        logger.warning("Could not cancel the unused PaymentIntent %s", intent_id)


def _payment_note_error(*, payment_id: int, message: str) -> None:
    Payment.objects.filter(pk=payment_id, status=Status.PENDING).update(last_error=message[:500])


def payment_sync(*, payment_id: int, now: datetime | None = None) -> Payment:
    """Bring a card payment up to date with Stripe: called by the return page and by webhooks.
    Call outside any transaction. The intent is always fetched from Stripe, never taken from
    what the browser or a webhook said, so events in any order and any number end in the same
    state."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != Status.PENDING or not payment.provider_reference:
        return payment
    intent = stripe_gateway.payment_intent_retrieve(payment.provider_reference)
    if intent.status == "succeeded":
        return payment_confirm(payment_id=payment.pk, intent=intent, now=now)
    if intent.status == "canceled":
        with transaction.atomic():
            updated = Payment.objects.filter(pk=payment.pk, status=Status.PENDING).update(
                status=Status.CANCELLED
            )
            if updated:
                audit_record(actor=None, action=PaymentAction.CANCEL, target=payment)
    elif intent.error_message:
        _payment_note_error(payment_id=payment.pk, message=intent.error_message)
    payment.refresh_from_db()
    return payment


def payment_confirm(
    *, payment_id: int, intent: stripe_gateway.Intent | None = None, now: datetime | None = None
) -> Payment:
    """Move a card payment from pending to paid, once. Safe to call any number of times and from
    any number of processes at once: the row lock lets one in, the others find it paid.

    When Stripe's intent does not match the payment (its amount or currency was changed at
    Stripe), nothing is fulfilled: the payment goes to `review` with the reason, and the
    society's office is emailed once."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = lock_one(Payment, pk=payment_id)
        if payment.status != Status.PENDING:
            return payment
        if intent is None:
            raise PaymentError("A card payment is confirmed only with its PaymentIntent.")
        if intent.id != payment.provider_reference or intent.status != "succeeded":
            raise PaymentError("That card payment is not this payment's, or is not complete.")
        if intent.amount != payment.amount or intent.currency != payment.currency:
            logger.error("PaymentIntent %s does not match payment %s", intent.id, payment.pk)
            return _review(
                payment,
                reason=(
                    f"Stripe's PaymentIntent {intent.id} was paid for "
                    f"{format_money(intent.amount, intent.currency)}, but the payment is for "
                    f"{payment.amount_display}."
                ),
            )
        if payment.payer_id is None:
            # The account was erased while its payer was paying: what it paid for is gone.
            return _review(
                payment,
                reason=(
                    f"Stripe's PaymentIntent {intent.id} was paid after the payer's account was "
                    "deleted: nothing it paid for remains, so it should be refunded."
                ),
            )
        _mark_paid(payment, actor=None, now=now)
        if intent.setup_future_usage and intent.payment_method and intent.card:
            _card_keep(payment, intent=intent, now=now)
        return payment


def office_tell(*, payment: Payment, template: str, dedupe_key: str, **details) -> None:
    """One email to the society's office about a payment that needs a person's eyes."""
    email_queue(
        to=settings.SOCIETY_OFFICE_EMAIL,
        template=template,
        context={
            "payment_id": payment.pk,
            "description": payment.description,
            "amount": payment.amount_display,
            "payer_name": payment.payer_name,
            "payer_email": payment.payer_email,
            "admin_path": reverse("admin:payments_payment_change", args=[payment.pk]),
            **details,
        },
        dedupe_key=dedupe_key,
    )


def _review(payment: Payment, *, reason: str) -> Payment:
    payment.status = Status.REVIEW
    payment.review_reason = reason[:500]
    payment.save(update_fields=["status", "review_reason"])
    office_tell(
        payment=payment,
        template="payments/email/payment_review",
        dedupe_key=f"payment:{payment.pk}:review",
        reason=payment.review_reason,
    )
    audit_record(actor=None, action=PaymentAction.REVIEW, target=payment, data={"reason": reason})
    return payment


def _card_keep(payment: Payment, *, intent: stripe_gateway.Intent, now: datetime) -> None:
    """The payer asked to keep the card (automatic renewal): Stripe saved it on the payment's
    intent; the site names it and tells the domains that offered the choice."""
    if payment.payer is None:
        return
    saved, _ = SavedCard.objects.update_or_create(
        user=payment.payer,
        defaults={
            "payment_method": intent.payment_method,
            "brand": intent.card.brand,
            "last4": intent.card.last4,
            "exp_month": intent.card.exp_month,
            "exp_year": intent.card.exp_year,
        },
    )
    audit_record(actor=payment.payer, action=PaymentAction.CARD_SAVED, target=saved)
    for kind in {item.kind for item in payment.items.all()}:
        handler = registry.handler_for(kind)
        if handler.card_saved:
            handler.card_saved(user=payment.payer, now=now)


@transaction.atomic
def payment_record_manual(
    *, payment_id: int, method: str, reference: str, actor, now: datetime | None = None
) -> Payment:
    """Staff record a bank transfer, cheque or waived fee: the same fulfilment as a card."""
    if method not in Payment.ManualMethod.values:
        raise PaymentError(f"Unknown payment method {method!r}.")
    payment = lock_one(Payment, pk=payment_id)
    _require_pending(payment)
    payment.provider = Payment.Provider.MANUAL
    payment.manual_method = method
    payment.provider_reference = reference[:255]
    return _mark_paid(payment, actor=actor, now=now or timezone.now())


def _mark_paid(payment: Payment, *, actor, now: datetime) -> Payment:
    payment.status = Status.PAID
    payment.paid_at = now
    payment.last_error = ""
    payment.receipt_year = now.year
    payment.receipt_sequence = _receipt_sequence_take(now.year)
    payment.save()
    for item in payment.items.all():
        registry.handler_for(item.kind).fulfil(item=item, payment=payment, now=now)
    email_queue(
        to=payment.payer_email,
        template="payments/email/payment_received",
        context={
            "name": payment.payer_name,
            "receipt_number": payment.receipt_number,
            "amount": payment.amount_display,
            "items": [
                {"description": item.description, "amount": item.amount_display}
                for item in payment.items.all()
            ],
            "receipt_path": payment.get_receipt_url(),
        },
        dedupe_key=f"payment:{payment.pk}:received",
        attachments=[{"kind": "payment_receipt", "id": payment.pk}],
    )
    audit_record(
        actor=actor,
        action=PaymentAction.PAID,
        target=payment,
        data={"provider": payment.provider, "receipt": payment.receipt_number},
    )
    return payment


def _receipt_sequence_take(year: int) -> int:
    """The next receipt number of `year`. Taken inside the confirming transaction: if that rolls
    back, so does the number, which leaves no gap."""
    ReceiptCounter.objects.bulk_create([ReceiptCounter(year=year)], ignore_conflicts=True)
    counter = lock_one(ReceiptCounter, year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def payment_cancel_unless_paid(*, payment_id: int, actor, now: datetime | None = None) -> Payment:
    """Cancel a pending payment for good, unless its card was charged in the meantime, in
    which case it is confirmed. Call outside any transaction (it calls Stripe).

    The card intent is cancelled at Stripe first, with no lock held: once cancelled there it
    can never be charged, so the payment is then cancelled here under its lock. Returns the
    payment: `cancelled` (give the place back), paid (`is_paid`: keep it), `review` (money
    arrived but disagrees: keep it, staff are told), or still `pending` when Stripe is still
    processing the card or could not be reached (try again later)."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != Status.PENDING:
        return payment
    if payment.provider == Payment.Provider.STRIPE and payment.provider_reference:
        try:
            intent = stripe_gateway.payment_intent_retrieve(payment.provider_reference)
            if intent.status not in ("succeeded", "canceled", "processing"):
                try:
                    stripe_gateway.payment_intent_cancel(intent.id)
                except PaymentError:
                    intent = stripe_gateway.payment_intent_retrieve(intent.id)
                else:
                    intent = None  # cancelled at Stripe: it can never be charged now
        except PaymentError:
            logger.warning("Could not reach Stripe to cancel payment %s", payment.pk)
            return payment
        if intent is not None and intent.status == "succeeded":
            return payment_confirm(payment_id=payment.pk, intent=intent, now=now)
        if intent is not None and intent.status != "canceled":
            return payment  # processing: Stripe has not decided yet
    with transaction.atomic():
        payment = lock_one(Payment, pk=payment_id)
        if payment.status != Status.PENDING:
            return payment
        payment.status = Status.CANCELLED
        payment.save(update_fields=["status"])
        audit_record(actor=actor, action=PaymentAction.CANCEL, target=payment)
    return payment


@transaction.atomic
def payment_cancel(*, payment_id: int, actor) -> Payment:
    """Cancel a pending payment here; its card intent is cancelled at Stripe after commit."""
    payment = lock_one(Payment, pk=payment_id)
    _require_pending(payment)
    payment.status = Status.CANCELLED
    payment.save(update_fields=["status"])
    audit_record(actor=actor, action=PaymentAction.CANCEL, target=payment)
    if payment.provider == Payment.Provider.STRIPE and payment.provider_reference:
        # So the card form left open in a tab can no longer charge it.
        reference = payment.provider_reference
        transaction.on_commit(lambda: _intent_cancel_quietly(reference))
    return payment


def payer_anonymise(*, user) -> int:
    """The account is being deleted: its payments stay (they are financial records) but no
    longer name the person."""
    return Payment.objects.filter(payer=user).update(
        payer=None, payer_name="Former member", payer_email="erased@invalid"
    )


from .checkout import (  # noqa: E402 - they build on the services above
    ChargeResult,
    Checkout,
    card_forget,
    card_form,
    card_save,
    card_setup,
    payment_card_form,
    payment_charge_saved_card,
    payment_checkout,
)
from .refunds import (  # noqa: E402
    payment_dispute_sync,
    payment_refund,
    payment_refunds_sync,
)

__all__ = [
    "CardError",
    "ChargeResult",
    "Checkout",
    "Item",
    "PaymentError",
    "card_forget",
    "card_form",
    "card_save",
    "card_setup",
    "payer_anonymise",
    "payment_cancel",
    "payment_cancel_unless_paid",
    "payment_card_form",
    "payment_charge_saved_card",
    "payment_checkout",
    "payment_confirm",
    "payment_create",
    "payment_dispute_sync",
    "payment_record_manual",
    "payment_refund",
    "payment_refunds_sync",
    "payment_sync",
]
