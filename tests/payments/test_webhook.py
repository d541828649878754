"""Stripe's webhook: real JSON, signed as Stripe signs it, posted to the endpoint."""

import hashlib
import hmac
import json
import time

import pytest
from django.conf import settings

from icis.mail.models import OutboundEmail
from icis.payments import services
from icis.payments.models import Payment, WebhookEvent
from members.models import Membership
from tests.payments.signed import URL, event, post_signed
from tests.payments.stripe_browser import pay_in_browser

pytestmark = pytest.mark.django_db


_signed = post_signed


def _event(event_type: str, intent_id: str, event_id: str = "evt_1") -> dict:
    return event(event_type, {"id": intent_id, "object": "payment_intent"}, event_id)


@pytest.fixture
def charged_at_stripe(trainee_payment):
    """The payer's card went through at Stripe; the browser has not come back yet."""
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)
    pay_in_browser(checkout)
    trainee_payment.refresh_from_db()
    return trainee_payment


def test_succeeded_event_confirms_the_payment(client, charged_at_stripe, postdoc):
    response = _signed(
        client, _event("payment_intent.succeeded", charged_at_stripe.provider_reference)
    )

    assert response.status_code == 200
    assert Payment.objects.get(pk=charged_at_stripe.pk).status == Payment.Status.PAID
    assert Membership.objects.confirmed().filter(user=postdoc).count() == 1


def test_an_event_replayed_ten_times_changes_nothing_after_the_first(client, charged_at_stripe):
    event = _event("payment_intent.succeeded", charged_at_stripe.provider_reference)

    statuses = [_signed(client, event).status_code for _ in range(10)]

    assert statuses == [200] * 10
    assert WebhookEvent.objects.count() == 1
    assert OutboundEmail.objects.filter(template="payments/email/payment_received").count() == 1
    assert Payment.objects.exclude(receipt_sequence=None).count() == 1


def test_the_webhook_before_the_browser_returns_then_the_return_page(
    client, charged_at_stripe, postdoc
):
    _signed(client, _event("payment_intent.succeeded", charged_at_stripe.provider_reference))
    client.force_login(postdoc)

    response = client.get(f"/payments/{charged_at_stripe.public_id}/return/", follow=True)

    assert "your payment of $50.00 is confirmed" in response.content.decode()
    assert Payment.objects.exclude(receipt_sequence=None).count() == 1
    assert Membership.objects.confirmed().filter(user=postdoc).count() == 1


def test_a_late_failure_event_does_not_undo_a_payment(client, charged_at_stripe):
    intent = charged_at_stripe.provider_reference
    _signed(client, _event("payment_intent.succeeded", intent, "evt_ok"))
    _signed(client, _event("payment_intent.payment_failed", intent, "evt_late"))

    assert Payment.objects.get(pk=charged_at_stripe.pk).status == Payment.Status.PAID


def test_a_signed_event_claiming_success_is_checked_with_stripe(client, trainee_payment):
    # The intent exists but nobody paid: the event's word is not taken.
    services.payment_checkout(payment_id=trainee_payment.pk)
    trainee_payment.refresh_from_db()

    response = _signed(
        client, _event("payment_intent.succeeded", trainee_payment.provider_reference)
    )

    assert response.status_code == 200
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PENDING


@pytest.mark.parametrize(
    "tamper",
    ["wrong secret", "stale timestamp", "no signature", "edited body"],
)
def test_a_bad_signature_is_refused_and_changes_nothing(client, charged_at_stripe, tamper):
    event = _event("payment_intent.succeeded", charged_at_stripe.provider_reference)
    if tamper == "wrong secret":
        response = _signed(client, event, secret="whsec_someone_else")
    elif tamper == "stale timestamp":
        response = _signed(client, event, timestamp=time.time() - 600)
    elif tamper == "no signature":
        response = client.post(URL, json.dumps(event), content_type="application/json")
    else:
        payload = json.dumps(event)
        timestamp = int(time.time())
        signature = hmac.new(
            settings.STRIPE["webhook_secret"].encode(),
            f"{timestamp}.{payload}".encode(),
            hashlib.sha256,
        ).hexdigest()
        response = client.post(
            URL,
            payload.replace("evt_1", "evt_2"),
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}",
        )

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert Payment.objects.get(pk=charged_at_stripe.pk).status == Payment.Status.PENDING


def test_unknown_and_unrelated_events_are_acknowledged_and_ignored(client):
    unknown = _signed(
        client, {"id": "evt_x", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}
    )
    foreign = _signed(client, _event("payment_intent.succeeded", "pi_not_ours", "evt_y"))

    assert (unknown.status_code, foreign.status_code) == (200, 200)
    assert set(WebhookEvent.objects.values_list("outcome", flat=True)) == {
        "ignored: not an event this site acts on",
        "no payment on this site for this PaymentIntent",
    }


def test_a_malformed_but_signed_body_is_not_a_server_error(client):
    assert (
        _signed(client, {"id": "evt_z", "type": "payment_intent.succeeded", "data": {}}).status_code
        == 200
    )
    assert client.get(URL).status_code == 405
