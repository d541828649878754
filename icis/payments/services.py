"""Payments' writes. Stripe is reached only through `stripe_gateway`."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.money import format_money
from icis.mail.services import email_queue

from . import registry, stripe_gateway
from .exceptions import CardError, PaymentError
from .models import LineItem, Payment, ReceiptCounter, Refund, SavedCard, StripeCustomer

logger = logging.getLogger(__name__)
Status = Payment.Status


@dataclass(frozen=True)
class Item:
    kind: str
    object_id: int
    description: str
    amount: int


@dataclass(frozen=True)
class Checkout:
    """What the pay page needs: the card is collected against `setup_client_secret`, and the
    payment's intent completes any authentication with `intent_client_secret`."""

    publishable_key: str
    js_url: str
    intent_client_secret: str
    setup_client_secret: str
    setup_id: str


@dataclass(frozen=True)
class ChargeResult:
    status: str  # "succeeded", "requires_action", "processing" or "declined"
    intent_client_secret: str = ""
    message: str = ""


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
            action="payment.create",
            target=payment,
            data={"amount": payment.amount, "currency": payment.currency},
        )
    return payment


def _customer_id(user) -> str:
    existing = (
        StripeCustomer.objects.filter(user=user).values_list("customer_id", flat=True).first()
    )
    if existing:
        return existing
    customer_id = stripe_gateway.customer_create(
        email=user.email,
        name=user.get_full_name(),
        user_id=user.pk,
        idempotency_key=f"icis-customer-{user.pk}-{user.date_joined:%Y%m%d%H%M%S%f}",
    )
    StripeCustomer.objects.get_or_create(user=user, defaults={"customer_id": customer_id})
    return StripeCustomer.objects.get(user=user).customer_id


def payment_checkout(*, payment_id: int, now: datetime | None = None) -> Checkout:
    """Prepare the pay page. The payment keeps one PaymentIntent however often the page is
    opened: it is created once, under the payment's row lock, and reused after that."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("payer")
            .get(pk=payment_id)
        )
        _require_pending(payment)
        customer_id = _customer_id(payment.payer)
        intent = _usable_intent(payment, customer_id=customer_id)
    if intent.status == "succeeded":
        payment_sync(payment_id=payment.pk, now=now)
        raise PaymentError("This payment has already been made.")
    setup = stripe_gateway.setup_intent_create(customer_id=customer_id)
    return Checkout(
        publishable_key=settings.STRIPE["publishable_key"],
        js_url=settings.STRIPE["js_url"],
        intent_client_secret=intent.client_secret,
        setup_client_secret=setup.client_secret,
        setup_id=setup.id,
    )


def _usable_intent(payment: Payment, *, customer_id: str) -> stripe_gateway.Intent:
    """The payment's PaymentIntent, created on first use. After a declined attempt the spent
    intent is cancelled and the next attempt gets a fresh one: a declined intent cannot be
    charged again by every gateway, and a cancelled one can never be charged at all."""
    previous = ""
    if payment.provider_reference:
        intent = stripe_gateway.payment_intent_retrieve(payment.provider_reference)
        if not (intent.status == "requires_payment_method" and intent.error_message):
            return intent
        stripe_gateway.payment_intent_cancel(intent.id)
        previous = intent.id
    intent = stripe_gateway.payment_intent_create(
        amount=payment.amount,
        currency=payment.currency,
        payment_id=payment.pk,
        customer_id=customer_id,
        # Unique for ever (unlike the row id), so no other payment can share the key.
        idempotency_key=f"icis-payment-{payment.public_id}-{previous or 'first'}",
    )
    payment.provider = Payment.Provider.STRIPE
    payment.provider_reference = intent.id
    payment.save(update_fields=["provider", "provider_reference"])
    return intent


def _require_pending(payment: Payment) -> None:
    if payment.status == Status.PENDING:
        return
    if payment.is_paid:
        raise PaymentError("This payment has already been made.")
    raise PaymentError("This payment was cancelled. Please start again.")


def payment_charge_card(
    *, payment_id: int, setup_id: str, payment_method: str, now: datetime | None = None
) -> ChargeResult:
    """Charge the card the payer just entered (collected by Stripe.js on `setup_id`)."""
    payment = Payment.objects.select_related("payer").get(pk=payment_id)
    _require_pending(payment)
    if not payment.provider_reference:
        raise PaymentError("Please reload the page and enter your card again.")
    _verified_card(user=payment.payer, setup_id=setup_id, payment_method=payment_method)
    intent = stripe_gateway.payment_intent_charge(
        intent_id=payment.provider_reference, payment_method=payment_method
    )
    if intent.status == "succeeded":
        payment_confirm(payment_id=payment.pk, intent=intent, now=now)
        return ChargeResult(status="succeeded")
    if intent.status in ("requires_action", "processing"):
        return ChargeResult(status=intent.status, intent_client_secret=intent.client_secret)
    message = intent.error_message or "Your card was declined."
    _payment_note_error(payment_id=payment.pk, message=message)
    return ChargeResult(status="declined", message=message)


def card_setup(*, user) -> Checkout:
    """The card form for saving a card (automatic renewal): a SetupIntent, no payment."""
    setup = stripe_gateway.setup_intent_create(customer_id=_customer_id(user))
    return Checkout(
        publishable_key=settings.STRIPE["publishable_key"],
        js_url=settings.STRIPE["js_url"],
        intent_client_secret="",
        setup_client_secret=setup.client_secret,
        setup_id=setup.id,
    )


def _verified_card(*, user, setup_id: str, payment_method: str) -> None:
    """The card the browser sent was collected by Stripe.js for this very user just now."""
    setup = stripe_gateway.setup_intent_retrieve(setup_id)
    customer = StripeCustomer.objects.filter(user=user).first()
    if (
        setup.status != "succeeded"
        or setup.payment_method != payment_method
        or customer is None
        or setup.customer != customer.customer_id
    ):
        raise PaymentError("That card could not be used. Please enter it again.")


@transaction.atomic
def card_save(*, user, setup_id: str, payment_method: str) -> SavedCard:
    _verified_card(user=user, setup_id=setup_id, payment_method=payment_method)
    card = stripe_gateway.payment_method_card(payment_method)
    saved, _ = SavedCard.objects.update_or_create(
        user=user,
        defaults={
            "payment_method": payment_method,
            "brand": card.brand,
            "last4": card.last4,
            "exp_month": card.exp_month,
            "exp_year": card.exp_year,
        },
    )
    audit_record(actor=user, action="card.saved", target=saved)
    return saved


@transaction.atomic
def card_forget(*, user) -> None:
    deleted, _ = SavedCard.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action="card.forgotten", target=user)


def payment_charge_saved_card(
    *, payment_id: int, attempt_key: str, now: datetime | None = None
) -> ChargeResult:
    """Charge the payer's saved card for a pending payment, while they are away. The
    idempotency key names the payment and the attempt: the same attempt run twice (a worker
    killed mid-call, then retried) reaches Stripe as one charge."""
    payment = Payment.objects.select_related("payer").get(pk=payment_id)
    _require_pending(payment)
    card = SavedCard.objects.filter(user=payment.payer).first()
    if card is None:
        return ChargeResult(status="declined", message="There is no saved card.")
    customer_id = _customer_id(payment.payer)
    try:
        intent = stripe_gateway.payment_intent_charge_off_session(
            amount=payment.amount,
            currency=payment.currency,
            payment_id=payment.pk,
            customer_id=customer_id,
            payment_method=card.payment_method,
            idempotency_key=f"icis-autorenew-{payment.public_id}-{attempt_key}",
        )
    except CardError as exc:
        _payment_note_error(payment_id=payment.pk, message=str(exc))
        return ChargeResult(status="declined", message=str(exc))
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        previous = locked.provider_reference
        locked.provider = Payment.Provider.STRIPE
        locked.provider_reference = intent.id
        locked.save(update_fields=["provider", "provider_reference"])
    if previous and previous != intent.id:
        _intent_cancel_quietly(previous)
    if intent.status == "succeeded":
        payment_confirm(payment_id=payment.pk, intent=intent, now=now)
        return ChargeResult(status="succeeded")
    message = intent.error_message or "The bank asked for the cardholder to confirm the payment."
    _payment_note_error(payment_id=payment.pk, message=message)
    return ChargeResult(status="declined", message=message)


def _intent_cancel_quietly(intent_id: str) -> None:
    """An earlier, unused intent of the payment is cancelled so it can never be charged."""
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
    The intent is always fetched from Stripe, never taken from what the browser or a webhook
    said, so events in any order and any number end in the same state."""
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
                audit_record(actor=None, action="payment.cancel", target=payment)
    elif intent.error_message:
        _payment_note_error(payment_id=payment.pk, message=intent.error_message)
    payment.refresh_from_db()
    return payment


def payment_confirm(
    *, payment_id: int, intent: stripe_gateway.Intent | None = None, now: datetime | None = None
) -> Payment:
    """Move a card payment from pending to paid, once. Safe to call any number of times and from
    any number of processes at once: the row lock lets one in, the others find it paid."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status != Status.PENDING:
            return payment
        if intent is None:
            raise PaymentError("A card payment is confirmed only with its PaymentIntent.")
        if (
            intent.id != payment.provider_reference
            or intent.status != "succeeded"
            or intent.amount != payment.amount
            or intent.currency != payment.currency
        ):
            logger.error("PaymentIntent %s does not match payment %s", intent.id, payment.pk)
            raise PaymentError(
                "The card payment does not match what was owed; staff have been told."
            )
        return _mark_paid(payment, actor=None, now=now)


@transaction.atomic
def payment_record_manual(
    *, payment_id: int, method: str, reference: str, actor, now: datetime | None = None
) -> Payment:
    """Staff record a bank transfer, cheque or waived fee: the same fulfilment as a card."""
    if method not in Payment.ManualMethod.values:
        raise PaymentError(f"Unknown payment method {method!r}.")
    payment = Payment.objects.select_for_update().get(pk=payment_id)
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
        action="payment.paid",
        target=payment,
        data={"provider": payment.provider, "receipt": payment.receipt_number},
    )
    return payment


def _receipt_sequence_take(year: int) -> int:
    """The next receipt number of `year`. Taken inside the confirming transaction: if that rolls
    back, so does the number, which leaves no gap."""
    ReceiptCounter.objects.bulk_create([ReceiptCounter(year=year)], ignore_conflicts=True)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def payment_refund(
    *, payment_id: int, amount: int | None, reason: str, actor, now: datetime | None = None
) -> Refund:
    """Refund all (amount=None) or part of a paid payment, through Stripe for card payments.
    The domain handlers hear about it (a fully refunded membership term ends)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status not in (Status.PAID, Status.PARTIALLY_REFUNDED):
            raise PaymentError("Only a paid payment can be refunded.")
        amount = payment.refundable_amount if amount is None else amount
        if not 0 < amount <= payment.refundable_amount:
            raise PaymentError(
                f"A refund must be between {format_money(1, payment.currency)} and "
                f"{format_money(payment.refundable_amount, payment.currency)}."
            )
        reference = ""
        if payment.provider == Payment.Provider.STRIPE:
            # The key names the state refunded from, so a double click is one refund and a
            # later second partial refund is another.
            reference = stripe_gateway.refund_create(
                intent_id=payment.provider_reference,
                amount=amount,
                idempotency_key=f"icis-refund-{payment.pk}-{payment.amount_refunded}-{amount}",
            )
        payment.amount_refunded += amount
        payment.status = (
            Status.REFUNDED
            if payment.amount_refunded == payment.amount
            else Status.PARTIALLY_REFUNDED
        )
        payment.save(update_fields=["amount_refunded", "status"])
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            reason=reason[:300],
            provider_reference=reference,
            created_by=actor,
        )
        for item in payment.items.all():
            handler = registry.handler_for(item.kind)
            if handler.refund:
                handler.refund(
                    item=item,
                    payment=payment,
                    fully=payment.status == Status.REFUNDED,
                    now=now or timezone.now(),
                )
        email_queue(
            to=payment.payer_email,
            template="payments/email/payment_refunded",
            context={
                "name": payment.payer_name,
                "receipt_number": payment.receipt_number,
                "amount": format_money(amount, payment.currency),
            },
            dedupe_key=f"payment:{payment.pk}:refund:{refund.pk}",
        )
        audit_record(
            actor=actor,
            action="payment.refund",
            target=payment,
            data={"amount": amount, "reason": reason},
        )
    return refund


def payment_cancel_unless_paid(*, payment_id: int, actor, now: datetime | None = None) -> Payment:
    """Cancel a pending payment for good, unless its card was charged in the meantime, in
    which case it is confirmed. The card intent is cancelled at Stripe first, under the
    payment's lock: once cancelled there it can never be charged, so nothing is taken for a
    place that was given back."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status != Status.PENDING:
            return payment
        if payment.provider == Payment.Provider.STRIPE and payment.provider_reference:
            intent = stripe_gateway.payment_intent_retrieve(payment.provider_reference)
            if intent.status not in ("succeeded", "canceled"):
                try:
                    stripe_gateway.payment_intent_cancel(intent.id)
                except PaymentError:
                    intent = stripe_gateway.payment_intent_retrieve(intent.id)
            if intent.status == "succeeded":
                return payment_confirm(payment_id=payment.pk, intent=intent, now=now)
        payment.status = Status.CANCELLED
        payment.save(update_fields=["status"])
        audit_record(actor=actor, action="payment.cancel", target=payment)
    return payment


@transaction.atomic
def payment_cancel(*, payment_id: int, actor) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    _require_pending(payment)
    payment.status = Status.CANCELLED
    payment.save(update_fields=["status"])
    audit_record(actor=actor, action="payment.cancel", target=payment)
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


# Card errors raised by the gateway are shown to the payer as they are.
__all__ = ["CardError", "PaymentError"]
