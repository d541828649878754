"""Stripe's events. Each is recorded once by id; the PaymentIntent it names is fetched from
Stripe again and the payment brought up to date, so a replayed, forged-but-signed, late or
out-of-order event cannot move a payment anywhere it should not be."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Payment, WebhookEvent
from .services import payment_sync

logger = logging.getLogger(__name__)


def _payment_intent_changed(event: dict) -> str:
    intent_id = event["data"]["object"]["id"]
    payment = Payment.objects.filter(
        provider=Payment.Provider.STRIPE, provider_reference=intent_id
    ).first()
    if payment is None:
        return "no payment on this site for this PaymentIntent"
    payment = payment_sync(payment_id=payment.pk)
    return f"payment {payment.pk} is {payment.status}"


HANDLERS = {
    "payment_intent.succeeded": _payment_intent_changed,
    "payment_intent.payment_failed": _payment_intent_changed,
    "payment_intent.canceled": _payment_intent_changed,
}


def webhook_event_handle(event: dict) -> str:
    """Returns what happened, for the log and the admin. Never raises for an unknown type."""
    event_id = str(event.get("id", ""))
    event_type = str(event.get("type", ""))
    data_object = (event.get("data") or {}).get("object") or {}
    try:
        with transaction.atomic():
            record, created = WebhookEvent.objects.get_or_create(
                event_id=event_id,
                defaults={"type": event_type, "object_id": str(data_object.get("id", ""))[:255]},
            )
    except IntegrityError:  # the same event, arriving twice at the same moment
        return "duplicate: already received"
    if not created and record.processed_at is not None:
        return "duplicate: already received"

    handler = HANDLERS.get(event_type)
    outcome = handler(event) if handler else "ignored: not an event this site acts on"
    WebhookEvent.objects.filter(pk=record.pk).update(
        processed_at=timezone.now(), outcome=outcome[:300]
    )
    return outcome
