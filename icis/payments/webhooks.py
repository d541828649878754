"""Stripe's events. Each is recorded once by id; the object it names is fetched from Stripe
again and the payment brought up to date, so a replayed, forged-but-signed, late or
out-of-order event cannot move a payment anywhere it should not be.

Handlers run outside any transaction (they call Stripe) and return what happened, which is
kept on the event. Nothing an event carries raises out of here but GatewayError and LockBusy
(Stripe or the row is busy: the view answers 503 and Stripe sends the event again)."""

import logging
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from icis.core.locks import LockBusy

from .exceptions import GatewayError, NotAtStripe, PaymentError
from .models import Payment, WebhookEvent
from .refunds import payment_dispute_sync, payment_refunds_sync
from .services import payment_sync

logger = logging.getLogger(__name__)


def _object_id(event: dict, key: str = "id") -> str:
    """A Stripe id (letters, digits, underscores), or TypeError: anything else is not asked of
    Stripe."""
    value = event["data"]["object"][key]
    if isinstance(value, dict):
        value = value["id"]
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_]{1,255}", value):
        raise TypeError(f"no {key} in the event's object")
    return value


def _text(value, limit: int) -> str:
    """A value from the event as text the database can keep (PostgreSQL refuses NUL)."""
    return str(value).replace("\x00", "")[:limit]


def _payment_intent_changed(event: dict) -> str:
    intent_id = _object_id(event)
    payment = Payment.objects.filter(
        provider=Payment.Provider.STRIPE, provider_reference=intent_id
    ).first()
    if payment is None:
        return "no payment on this site for this PaymentIntent"
    payment = payment_sync(payment_id=payment.pk)
    if payment.status == Payment.Status.REVIEW:
        return f"payment {payment.pk} is review: {payment.review_reason}"
    return f"payment {payment.pk} is {payment.status}"


def _charge_refunded(event: dict) -> str:
    return payment_refunds_sync(charge_id=_object_id(event))


def _refund_changed(event: dict) -> str:
    return payment_refunds_sync(charge_id=_object_id(event, "charge"))


def _dispute_changed(event: dict) -> str:
    return payment_dispute_sync(dispute_id=_object_id(event))


HANDLERS = {
    "payment_intent.succeeded": _payment_intent_changed,
    "payment_intent.payment_failed": _payment_intent_changed,
    "payment_intent.canceled": _payment_intent_changed,
    "charge.refunded": _charge_refunded,
    "charge.refund.updated": _refund_changed,
    "charge.dispute.created": _dispute_changed,
    "charge.dispute.updated": _dispute_changed,
    "charge.dispute.closed": _dispute_changed,
}


def webhook_event_handle(event: dict) -> str:
    """Returns what happened, for the log and the admin. Never raises for an unknown type or a
    malformed event; the outcome is kept on the event either way."""
    event_id = _text(event.get("id", ""), 255)
    event_type = _text(event.get("type", ""), 100)
    data = event.get("data")
    data_object = data.get("object") if isinstance(data, dict) else None
    object_id = data_object.get("id", "") if isinstance(data_object, dict) else ""
    if not event_id:
        return "malformed: no event id"
    try:
        with transaction.atomic():
            record, created = WebhookEvent.objects.get_or_create(
                event_id=event_id,
                defaults={"type": event_type, "object_id": _text(object_id, 255)},
            )
    except IntegrityError:  # the same event, arriving twice at the same moment
        return "duplicate: already received"
    if not created and record.processed_at is not None:
        return "duplicate: already received"

    handler = HANDLERS.get(event_type)
    if handler is None:
        outcome = "ignored: not an event this site acts on"
    else:
        try:
            outcome = handler(event)
        except NotAtStripe:
            outcome = "no such object at Stripe: ignored"
        except (GatewayError, LockBusy):
            raise  # not recorded as processed: Stripe sends it again
        except PaymentError as exc:
            outcome = f"refused: {exc}"
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("Malformed Stripe event %s", event_id)
            outcome = "malformed: ignored"
    WebhookEvent.objects.filter(pk=record.pk).update(
        processed_at=timezone.now(), outcome=outcome[:300]
    )
    return outcome
