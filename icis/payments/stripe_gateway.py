"""The only module that imports `stripe`. Everything else asks it for plain values.

Stripe's standard one-off flow: the server creates one PaymentIntent per payment, the browser
confirms it with Stripe.js (`confirmCardPayment`, which sends the card and performs 3-D Secure
when the bank asks), and the server reads the outcome back with one retrieve. A card is saved
for later only when the payer asks (`setup_future_usage` on that same PaymentIntent), or on a
SetupIntent when a member saves a card without paying. The same calls work against Stripe and
against localstripe.

Every function here reaches the network: call them outside any `transaction.atomic()`, so no
row lock is held while Stripe answers. With `STRIPE_FORBID_IN_TRANSACTION` on (the tests), a
call made inside one raises RuntimeError.
"""

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

from .exceptions import CardError, GatewayError, NotAtStripe, SignatureError

if TYPE_CHECKING:
    import stripe


def _sdk():
    """The SDK, imported when first needed: with its HTTP stack it is some 13 MB that a web
    worker which never takes a payment or a webhook need not hold."""
    import stripe

    return stripe


@dataclass(frozen=True)
class Card:
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None


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
    customer: str = ""
    setup_future_usage: str = ""
    card: Card | None = None


@dataclass(frozen=True)
class Setup:
    id: str
    status: str
    client_secret: str
    customer: str
    payment_method: str


@dataclass(frozen=True)
class ChargeRefunds:
    """A charge's refunds as Stripe holds them: the truth a dashboard refund is recorded from."""

    charge_id: str
    intent_id: str
    currency: str
    amount_refunded: int
    # (refund id, amount, the site's Refund id from the metadata or 0), succeeded refunds only
    refunds: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Dispute:
    id: str
    intent_id: str
    amount: int
    currency: str
    status: str
    reason: str


@functools.lru_cache(maxsize=4)
def _client_for(secret_key: str, api_base: str) -> "stripe.StripeClient":
    return _sdk().StripeClient(secret_key, base_addresses={"api": api_base}, max_network_retries=2)


def _client() -> "stripe.StripeClient":
    config = settings.STRIPE
    return _client_for(config["secret_key"], config["api_base"])


def in_transaction() -> bool:
    """Inside a `transaction.atomic()` of the site's own (not one a test case wraps around the
    test, which Django marks `_from_testcase`)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _call(function, *args, **kwargs):
    if getattr(settings, "STRIPE_FORBID_IN_TRANSACTION", False) and in_transaction():
        raise RuntimeError(
            "A Stripe call inside transaction.atomic(): call Stripe first and then lock and "
            "record, or record, commit, and call Stripe after."
        )
    sdk = _sdk()
    try:
        return function(*args, **kwargs)
    except sdk.CardError as exc:
        raise CardError(exc.user_message or "Your card was declined.") from exc
    except sdk.StripeError as exc:
        if isinstance(exc, sdk.InvalidRequestError) and exc.http_status == 404:
            raise NotAtStripe("Stripe holds no such object.") from exc
        raise GatewayError(
            "The card service did not answer as expected. Nothing was charged; please try again "
            "in a few minutes."
        ) from exc


def _card(data) -> Card | None:
    if not isinstance(data, dict):
        return None
    card = data.get("card") or {}
    return Card(
        brand=card.get("brand") or "",
        last4=card.get("last4") or "",
        exp_month=card.get("exp_month"),
        exp_year=card.get("exp_year"),
    )


def _intent(obj) -> Intent:
    data = obj.to_dict()
    error = data.get("last_payment_error") or {}
    payment_method = data.get("payment_method") or ""
    card = _card(payment_method)
    if isinstance(payment_method, dict):
        payment_method = payment_method.get("id", "")
    customer = data.get("customer") or ""
    if isinstance(customer, dict):
        customer = customer.get("id", "")
    return Intent(
        id=data["id"],
        status=data["status"],
        amount=int(data["amount"]),
        currency=str(data["currency"]).upper(),
        client_secret=data.get("client_secret") or "",
        payment_method=payment_method,
        error_message=error.get("message") or "",
        metadata=dict(data.get("metadata") or {}),
        customer=customer,
        setup_future_usage=data.get("setup_future_usage") or "",
        card=card,
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
    """The payment's one PaymentIntent, confirmed later in the browser. The idempotency key
    makes a retried request (a timeout, a double click, two tabs) return the same intent. A
    customer is named only when the payer may choose to save the card."""
    params = {
        "amount": amount,
        "currency": currency.lower(),
        "payment_method_types": ["card"],
        "metadata": {"payment_id": str(payment_id)},
    }
    if customer_id:
        params["customer"] = customer_id
    intent = _call(
        _client().v1.payment_intents.create,
        params=params,
        options={"idempotency_key": idempotency_key},
    )
    return _intent(intent)


def payment_intent_retrieve(intent_id: str) -> Intent:
    """The intent as Stripe holds it, with its card (brand, last four digits) when it has one."""
    return _intent(
        _call(
            _client().v1.payment_intents.retrieve,
            intent_id,
            params={"expand": ["payment_method"]},
        )
    )


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


def payment_method_card(payment_method: str) -> Card:
    data = _call(_client().v1.payment_methods.retrieve, payment_method).to_dict()
    return _card(data)


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


def refund_create(*, intent_id: str, amount: int, refund_id: int, idempotency_key: str) -> str:
    """Refund at Stripe. The site's Refund id travels in the metadata, so the `charge.refunded`
    webhook recognises the refund as the site's own and does not record it twice."""
    refund = _call(
        _client().v1.refunds.create,
        params={
            "payment_intent": intent_id,
            "amount": amount,
            "metadata": {"refund_id": str(refund_id)},
        },
        options={"idempotency_key": idempotency_key},
    )
    return refund.id


def _id(value) -> str:
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def charge_refunds(charge_id: str) -> ChargeRefunds:
    """A charge and its refunds, fetched from Stripe (never taken from a webhook's body)."""
    client = _client()
    charge = _call(client.v1.charges.retrieve, charge_id).to_dict()
    listed = _call(client.v1.refunds.list, params={"charge": charge["id"], "limit": 100})
    refunds = []
    for refund in listed.to_dict().get("data") or []:
        if refund.get("status") != "succeeded":
            continue
        own = str((refund.get("metadata") or {}).get("refund_id") or "")
        refunds.append(
            (
                refund["id"],
                int(refund["amount"]),
                int(own) if own.isascii() and own.isdigit() else 0,
            )
        )
    return ChargeRefunds(
        charge_id=charge["id"],
        intent_id=_id(charge.get("payment_intent")),
        currency=str(charge["currency"]).upper(),
        amount_refunded=int(charge.get("amount_refunded") or 0),
        refunds=tuple(refunds),
    )


def dispute_retrieve(dispute_id: str) -> Dispute:
    """A dispute (chargeback), fetched from Stripe."""
    client = _client()
    data = _call(client.v1.disputes.retrieve, dispute_id).to_dict()
    intent_id = _id(data.get("payment_intent"))
    if not intent_id:
        charge = _call(client.v1.charges.retrieve, _id(data.get("charge"))).to_dict()
        intent_id = _id(charge.get("payment_intent"))
    return Dispute(
        id=data["id"],
        intent_id=intent_id,
        amount=int(data.get("amount") or 0),
        currency=str(data.get("currency") or "").upper(),
        status=str(data.get("status") or ""),
        reason=str(data.get("reason") or ""),
    )


def webhook_event(payload: bytes, signature: str) -> dict | None:
    """The event, if its signature is Stripe's (or localstripe's) and it is fresh; None when
    the signed body is JSON but not an object."""
    sdk = _sdk()
    try:
        text = payload.decode("utf-8")
        sdk.WebhookSignature.verify_header(
            text, signature, settings.STRIPE["webhook_secret"], sdk.Webhook.DEFAULT_TOLERANCE
        )
        event = json.loads(text)
    except (ValueError, sdk.SignatureVerificationError) as exc:
        raise SignatureError(str(exc)) from exc
    return event if isinstance(event, dict) else None
