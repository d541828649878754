"""What a hostile or confused sender can post to the webhook: forged, stale, malformed or
oversized events, and events about charges that are not this site's. None is a server error,
and none changes a payment that it should not."""

import json

import pytest

from icis.payments import services, stripe_gateway
from icis.payments.models import Payment, Refund, WebhookEvent
from tests.payments.signed import URL, event, post_signed, stripe_api
from tests.payments.stripe_browser import paid_by_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(trainee_payment):
    return paid_by_card(trainee_payment)


def _charge_of(intent_id: str) -> dict:
    intent = stripe_api("GET", f"/v1/payment_intents/{intent_id}")
    charge = intent["latest_charge"]
    return stripe_api("GET", f"/v1/charges/{charge['id'] if isinstance(charge, dict) else charge}")


def _state(payment):
    payment.refresh_from_db()
    return (payment.status, payment.amount_refunded, payment.dispute_status)


def _post_raw(client, payload: str, secret=None):
    import hashlib
    import hmac
    import time

    from django.conf import settings

    timestamp = int(time.time())
    secret = secret or settings.STRIPE["webhook_secret"]
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    client.raise_request_exception = False
    return client.post(
        URL,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature.hexdigest()}",
    )


@pytest.mark.parametrize(
    "payload",
    [
        "[]",
        "[1, 2]",
        '"evt"',
        "42",
        "null",
        "{",
        '{"id": {"a": 1}, "type": ["charge.refunded"], "data": []}',
        '{"id": "evt_n", "type": "charge.refunded", "data": {"object": {"id": ["ch_1"]}}}',
        '{"id": "evt_s", "type": "charge.refunded", "data": {"object": "ch_1"}}',
        '{"id": "evt_u", "type": "charge.refund.updated", "data": {"object": {"id": "re_1"}}}',
        '{"id": "evt_0", "type": "charge.refunded", "data": {"object": {"id": "ch_\\u0000"}}}',
        '{"id": "evt_\\u0000", "type": "charge.refunded", "data": {"object": {"id": "x"}}}',
        json.dumps(
            {"id": "evt_" + "9" * 5000, "type": "x", "data": {"object": {"id": "a" * 9000}}}
        ),
    ],
)
def test_a_malformed_signed_body_is_never_a_server_error(client, paid, payload):
    before = _state(paid)

    response = _post_raw(client, payload)

    assert response.status_code in (200, 400, 503), response.content
    assert _state(paid) == before


def test_a_forged_or_stale_signature_is_refused(client, paid):
    charge = stripe_api("POST", "/v1/refunds", {"payment_intent": paid.provider_reference})
    refunded = event("charge.refunded", _charge_of(paid.provider_reference), "evt_forged")

    forged = post_signed(client, refunded, secret="whsec_guessed")
    stale = post_signed(client, refunded, timestamp=1_600_000_000)

    assert (forged.status_code, stale.status_code) == (400, 400)
    assert charge["status"] == "succeeded"
    assert _state(paid) == (Payment.Status.PAID, 0, "")
    assert not WebhookEvent.objects.exists()


def test_a_refund_of_a_charge_that_is_not_this_site_s_changes_nothing(client, paid):
    """Another site on the same Stripe account, or a charge made by hand in the dashboard."""
    other = stripe_api(
        "POST",
        "/v1/payment_intents",
        {"amount": 5000, "currency": "usd", "payment_method_types": ["card"]},
    )
    before = _state(paid)
    outcomes = []
    for index, charge_id in enumerate(["ch_unknown_to_stripe", "ch_" + "7" * 3000]):
        response = post_signed(
            client, event("charge.refunded", {"id": charge_id}, f"evt_unknown_{index}")
        )
        outcomes.append(response.status_code)

    foreign_charge = stripe_api(
        "POST", f"/v1/payment_intents/{other['id']}/confirm", {"payment_method": "pm_card_visa"}
    )
    stripe_api("POST", "/v1/refunds", {"payment_intent": other["id"]})
    foreign = post_signed(
        client, event("charge.refunded", _charge_of(foreign_charge["id"]), "evt_foreign")
    )

    # Stripe is not asked to send them again and again: they are answered and kept.
    assert outcomes == [200, 200]
    assert foreign.status_code == 200
    assert _state(paid) == before
    assert dict(WebhookEvent.objects.values_list("event_id", "outcome")) == {
        "evt_unknown_0": "no such object at Stripe: ignored",
        "evt_unknown_1": "malformed: ignored",  # not an id Stripe could hold
        "evt_foreign": "no payment on this site for this charge",
    }


def test_a_stripe_refund_naming_a_huge_or_foreign_site_refund_is_recorded_once(
    client, paid, trainee_payment
):
    """A dashboard refund whose metadata names a refund id that is not this payment's."""
    stripe_api(
        "POST",
        "/v1/refunds",
        {
            "payment_intent": paid.provider_reference,
            "amount": 1000,
            "metadata": {"refund_id": "9" * 30},
        },
    )
    charge = _charge_of(paid.provider_reference)

    codes = [
        post_signed(client, event("charge.refunded", charge, "evt_meta")).status_code
        for _ in range(3)
    ]

    assert codes == [200] * 3
    assert _state(paid) == (Payment.Status.PARTIALLY_REFUNDED, 1000, "")
    assert Refund.objects.get(payment=paid).amount == 1000


def test_a_dispute_cannot_land_on_a_manual_payment(
    client, trainee_payment, staff_user, monkeypatch
):
    services.payment_record_manual(
        payment_id=trainee_payment.pk, method="bank_transfer", reference="pi_42", actor=staff_user
    )
    trainee_payment.refresh_from_db()
    monkeypatch.setattr(
        stripe_gateway,
        "dispute_retrieve",
        lambda dispute_id: stripe_gateway.Dispute(
            id=dispute_id,
            intent_id=trainee_payment.provider_reference or "pi_42",
            amount=5000,
            currency="USD",
            status="needs_response",
            reason="fraudulent",
        ),
    )

    response = post_signed(client, event("charge.dispute.created", {"id": "dp_9"}, "evt_dm"))

    assert response.status_code == 200
    assert _state(trainee_payment) == (Payment.Status.PAID, 0, "")


def test_a_card_payment_arriving_after_its_payer_was_erased_goes_to_review(
    client, postdoc, trainee_payment
):
    """The member paid in one tab and deleted their account in another: the money arrives for
    nothing, and the office is told to refund it, rather than a receipt for a deleted term."""
    from icis.mail.models import OutboundEmail
    from members.services import account_delete
    from tests.payments.stripe_browser import pay_in_browser

    pay_in_browser(services.payment_checkout(payment_id=trainee_payment.pk))
    trainee_payment.refresh_from_db()
    account_delete(user=postdoc, actor=postdoc)

    response = post_signed(
        client,
        event("payment_intent.succeeded", {"id": trainee_payment.provider_reference}, "evt_late"),
    )

    assert response.status_code == 200
    trainee_payment.refresh_from_db()
    assert trainee_payment.status == Payment.Status.REVIEW
    assert "should be refunded" in trainee_payment.review_reason
    assert not trainee_payment.receipt_number
    assert OutboundEmail.objects.filter(template="payments/email/payment_review").count() == 1


def test_a_multipart_post_to_the_webhook_is_refused_not_an_error(client):
    response = client.post("/payments/stripe/webhook/", {"type": "charge.refunded", "id": "evt_1"})

    assert response.status_code == 400
