"""The card flow: the pay page's PaymentIntent, a card saved for automatic renewal, and a saved
card charged while the member is away.

A page showing a card form asks Stripe nothing (`card_form`, `payment_card_form`): the intent
is made when the card form is used, by a POST. Every other service here calls Stripe: call them
outside any transaction. Each calls Stripe first and then takes the payment's lock only to
record what Stripe said."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from icis.core.audit import audit_record
from icis.core.locks import lock_one

from . import registry, stripe_gateway
from .audit import PaymentAction
from .exceptions import CardError, PaymentError
from .models import Payment, SavedCard, StripeCustomer
from .services import (
    REVIEW_MESSAGE,
    Status,
    _intent_cancel_quietly,
    _payment_note_error,
    _require_pending,
    payment_confirm,
)


@dataclass(frozen=True)
class Checkout:
    """What a card form needs. The pay page confirms the payment's PaymentIntent in the browser
    (`intent_client_secret`), offering to keep the card when `offers_card_saving`; the form
    that saves a card without paying confirms a SetupIntent (`setup_client_secret`)."""

    publishable_key: str
    js_url: str
    intent_client_secret: str = ""
    offers_card_saving: bool = False
    setup_client_secret: str = ""
    setup_id: str = ""


@dataclass(frozen=True)
class ChargeResult:
    status: str  # "succeeded" or "declined"
    message: str = ""


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


def card_form(**fields) -> Checkout:
    """What a page needs to show a card form (Stripe.js and its key); no call to Stripe."""
    return Checkout(
        publishable_key=settings.STRIPE["publishable_key"],
        js_url=settings.STRIPE["js_url"],
        **fields,
    )


def payment_card_form(*, payment: Payment) -> Checkout:
    """The pay page before the payer presses Pay: no call to Stripe and no write. Raises
    PaymentError, with the sentence to show, when the payment can no longer be paid."""
    _require_pending(payment)
    return card_form(
        offers_card_saving=registry.card_saving_offered({item.kind for item in payment.items.all()})
    )


def payment_checkout(*, payment_id: int, now: datetime | None = None) -> Checkout:
    """The payer pressed Pay: the payment's one PaymentIntent, created on first use and reused
    however often Pay is pressed. Call outside any transaction.

    Stripe calls: one to create the intent (plus one, once per member, to create the Stripe
    customer a saved card needs), one to read it back on a later visit."""
    payment = Payment.objects.select_related("payer").get(pk=payment_id)
    _require_pending(payment)
    offers = registry.card_saving_offered({item.kind for item in payment.items.all()})
    intent = None
    previous = ""
    if payment.provider == Payment.Provider.STRIPE and payment.provider_reference:
        intent = stripe_gateway.payment_intent_retrieve(payment.provider_reference)
        if intent.status == "succeeded":
            payment = payment_confirm(payment_id=payment.pk, intent=intent, now=now)
            _require_pending(payment)
        if intent.status == "processing":
            raise PaymentError(
                "Your card payment is being processed. This page will show it once the bank "
                "has answered; please do not pay again."
            )
        if intent.status == "canceled":  # cancelled in Stripe's dashboard: start afresh
            previous, intent = intent.id, None
    if intent is None:
        intent = _intent_create(payment, offers=offers, previous=previous)
    return card_form(
        intent_client_secret=intent.client_secret,
        offers_card_saving=offers and bool(intent.customer),
    )


def _intent_create(payment: Payment, *, offers: bool, previous: str) -> stripe_gateway.Intent:
    intent = stripe_gateway.payment_intent_create(
        amount=payment.amount,
        currency=payment.currency,
        payment_id=payment.pk,
        customer_id=_customer_id(payment.payer) if offers else "",
        # Unique for ever (unlike the row id), so no other payment can share the key; two tabs
        # opening the page at once get the same intent.
        idempotency_key=f"icis-payment-{payment.public_id}-{previous or 'first'}",
    )
    with transaction.atomic():
        locked = lock_one(Payment, pk=payment.pk)
        recorded = locked.provider_reference
        if locked.status == Status.PENDING and recorded in ("", previous):
            locked.provider = Payment.Provider.STRIPE
            locked.provider_reference = intent.id
            locked.save(update_fields=["provider", "provider_reference"])
            return intent
    # The payment was cancelled or paid another way while the intent was made.
    _intent_cancel_quietly(intent.id)
    _require_pending(locked)
    return stripe_gateway.payment_intent_retrieve(recorded)


def card_setup(*, user) -> Checkout:
    """Saving a card without paying (automatic renewal), once the member presses Save: the
    Stripe customer (made once) and a SetupIntent. Call outside any transaction."""
    setup = stripe_gateway.setup_intent_create(customer_id=_customer_id(user))
    return card_form(setup_client_secret=setup.client_secret, setup_id=setup.id)


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


def card_save(*, user, setup_id: str, payment_method: str) -> SavedCard:
    """Keep the card Stripe.js saved on `setup_id`. Call outside any transaction."""
    _verified_card(user=user, setup_id=setup_id, payment_method=payment_method)
    card = stripe_gateway.payment_method_card(payment_method)
    with transaction.atomic():
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
        audit_record(actor=user, action=PaymentAction.CARD_SAVED, target=saved)
    return saved


@transaction.atomic
def card_forget(*, user) -> None:
    deleted, _ = SavedCard.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action=PaymentAction.CARD_FORGOTTEN, target=user)


def payment_charge_saved_card(
    *, payment_id: int, attempt_key: str, now: datetime | None = None
) -> ChargeResult:
    """Charge the payer's saved card for a pending payment, while they are away. Call outside
    any transaction. The idempotency key names the payment and the attempt: the same attempt
    run twice (a worker killed mid-call, then retried) reaches Stripe as one charge."""
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
        locked = lock_one(Payment, pk=payment.pk)
        previous = locked.provider_reference
        locked.provider = Payment.Provider.STRIPE
        locked.provider_reference = intent.id
        locked.save(update_fields=["provider", "provider_reference"])
    if previous and previous != intent.id:
        _intent_cancel_quietly(previous)
    if intent.status == "succeeded":
        confirmed = payment_confirm(payment_id=payment.pk, intent=intent, now=now)
        if confirmed.status == Status.REVIEW:
            return ChargeResult(status="declined", message=REVIEW_MESSAGE)
        return ChargeResult(status="succeeded")
    message = intent.error_message or "The bank asked for the cardholder to confirm the payment."
    _payment_note_error(payment_id=payment.pk, message=message)
    return ChargeResult(status="declined", message=message)
