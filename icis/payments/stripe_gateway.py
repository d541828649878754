"""The only module that imports `stripe`. Everything else asks it for plain values.

Cards are collected in the browser by Stripe.js (`confirmCardSetup` on a SetupIntent, which
also performs 3-D Secure when the bank asks), charged here with the payment's one
PaymentIntent, and any further authentication the payment needs is completed in the browser
with `confirmCardPayment`. The same calls work against Stripe and against localstripe.
"""

import functools
from dataclasses import dataclass

import stripe
from django.conf import settings

from .exceptions import CardError, GatewayError, SignatureError


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount: int
    currency: str
    client_secret: str
    payment_method: str
    error_message: str
    metadata: dict


@dataclass(frozen=True)
class Setup:
    id: str
    status: str
    client_secret: str
    customer: str
    payment_method: str


@functools.lru_cache(maxsize=4)
def _client_for(secret_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(secret_key, base_addresses={"api": api_base}, max_network_retries=2)


def _client() -> stripe.StripeClient:
    config = settings.STRIPE
    return _client_for(config["secret_key"], config["api_base"])


def _call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except stripe.CardError as exc:
        raise CardError(exc.user_message or "Your card was declined.") from exc
    except stripe.StripeError as exc:
        raise GatewayError(
            "The card service did not answer as expected. Nothing was charged; please try again "
            "in a few minutes."
        ) from exc


def _intent(obj) -> Intent:
    data = obj.to_dict()
    error = data.get("last_payment_error") or {}
    payment_method = data.get("payment_method") or ""
    if isinstance(payment_method, dict):
        payment_method = payment_method.get("id", "")
    return Intent(
        id=data["id"],
        status=data["status"],
        amount=int(data["amount"]),
        currency=str(data["currency"]).upper(),
        client_secret=data.get("client_secret") or "",
        payment_method=payment_method,
        error_message=error.get("message") or "",
        metadata=dict(data.get("metadata") or {}),
    )


def _setup(obj) -> Setup:
    data = obj.to_dict()
    return Setup(
        id=data["id"],
        status=data["status"],
        client_secret=data.get("client_secret") or "",
        customer=data.get("customer") or "",
        payment_method=data.get("payment_method") or "",
    )


def customer_create(*, email: str, name: str, user_id: int, idempotency_key: str) -> str:
    customer = _call(
        _client().v1.customers.create,
        params={"email": email, "name": name, "metadata": {"user_id": str(user_id)}},
        options={"idempotency_key": idempotency_key},
    )
    return customer.id


def payment_intent_create(
    *, amount: int, currency: str, payment_id: int, customer_id: str, idempotency_key: str
) -> Intent:
    """The payment's one PaymentIntent. The idempotency key makes a retried request (a timeout,
    a double click) return the same intent instead of creating a second one."""
    intent = _call(
        _client().v1.payment_intents.create,
        params={
            "amount": amount,
            "currency": currency.lower(),
            "customer": customer_id,
            "payment_method_types": ["card"],
            "metadata": {"payment_id": str(payment_id)},
        },
        options={"idempotency_key": idempotency_key},
    )
    return _intent(intent)


def payment_intent_retrieve(intent_id: str) -> Intent:
    return _intent(_call(_client().v1.payment_intents.retrieve, intent_id))


def payment_intent_charge(*, intent_id: str, payment_method: str) -> Intent:
    """Charge the card collected in the browser. A decline is not an exception: the intent comes
    back with its error message and the payer may try another card."""
    client = _client()
    _call(client.v1.payment_intents.update, intent_id, params={"payment_method": payment_method})
    try:
        return _intent(_call(client.v1.payment_intents.confirm, intent_id))
    except CardError:
        return payment_intent_retrieve(intent_id)


def payment_intent_charge_off_session(
    *,
    amount: int,
    currency: str,
    payment_id: int,
    customer_id: str,
    payment_method: str,
    idempotency_key: str,
) -> Intent:
    """Charge a saved card while the member is away (automatic renewal). A decline raises
    CardError with the bank's message."""
    return _intent(
        _call(
            _client().v1.payment_intents.create,
            params={
                "amount": amount,
                "currency": currency.lower(),
                "customer": customer_id,
                "payment_method": payment_method,
                "payment_method_types": ["card"],
                "confirm": True,
                "off_session": True,
                "metadata": {"payment_id": str(payment_id)},
            },
            options={"idempotency_key": idempotency_key},
        )
    )


@dataclass(frozen=True)
class Card:
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None


def payment_method_card(payment_method: str) -> Card:
    data = _call(_client().v1.payment_methods.retrieve, payment_method).to_dict()
    card = data.get("card") or {}
    return Card(
        brand=card.get("brand") or "",
        last4=card.get("last4") or "",
        exp_month=card.get("exp_month"),
        exp_year=card.get("exp_year"),
    )


def payment_intent_cancel(intent_id: str) -> None:
    _call(_client().v1.payment_intents.cancel, intent_id)


def setup_intent_create(*, customer_id: str) -> Setup:
    return _setup(
        _call(
            _client().v1.setup_intents.create,
            params={"customer": customer_id, "payment_method_types": ["card"]},
        )
    )


def setup_intent_retrieve(setup_id: str) -> Setup:
    return _setup(_call(_client().v1.setup_intents.retrieve, setup_id))


def refund_create(*, intent_id: str, amount: int, idempotency_key: str) -> str:
    refund = _call(
        _client().v1.refunds.create,
        params={"payment_intent": intent_id, "amount": amount},
        options={"idempotency_key": idempotency_key},
    )
    return refund.id


def webhook_event(payload: bytes, signature: str) -> dict:
    """The event, if its signature is Stripe's (or localstripe's) and it is fresh."""
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, settings.STRIPE["webhook_secret"]
        )
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise SignatureError(str(exc)) from exc
    return event.to_dict()
