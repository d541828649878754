"""Refunds and disputes made in Stripe's dashboard reach the site by webhook (localstripe never
sends `charge.*` events: the refund is made at localstripe, and the event Stripe would send is
posted, real JSON with a real signature). Each is recorded once, from what Stripe holds."""

import pytest
from django.conf import settings

from icis.mail.models import OutboundEmail
from icis.payments import services, stripe_gateway
from icis.payments.models import Payment, Refund, WebhookEvent
from members.models import Membership
from tests.payments.signed import event, post_signed, stripe_api
from tests.payments.stripe_browser import paid_by_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(trainee_payment):
    return paid_by_card(trainee_payment)


def _charge(payment) -> dict:
    intent = stripe_api("GET", f"/v1/payment_intents/{payment.provider_reference}")
    charge = intent["latest_charge"]
    return stripe_api("GET", f"/v1/charges/{charge['id'] if isinstance(charge, dict) else charge}")


def _refund_in_dashboard(payment, amount=None) -> dict:
    fields = {"payment_intent": payment.provider_reference}
    if amount:
        fields["amount"] = amount
    stripe_api("POST", "/v1/refunds", fields)
    return _charge(payment)


def _refunds_at_stripe(payment) -> list:
    return stripe_api("GET", f"/v1/refunds?payment_intent={payment.provider_reference}")["data"]


def _refund_emails(payment):
    return OutboundEmail.objects.filter(
        to_email=payment.payer_email, template="payments/email/payment_refunded"
    )


def test_a_partial_refund_made_in_stripe_is_recorded_once_however_often_it_is_sent(
    client, paid, postdoc
):
    charge = _refund_in_dashboard(paid, 2000)
    refunded = event("charge.refunded", charge, "evt_refund")

    statuses = [post_signed(client, refunded).status_code for _ in range(10)]
    # Stripe also tells of the refund itself, under another event id: still one refund.
    refund_json = _refunds_at_stripe(paid)[0]
    post_signed(client, event("charge.refund.updated", refund_json, "evt_refund_updated"))

    assert statuses == [200] * 10
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == (Payment.Status.PARTIALLY_REFUNDED, 2000)
    refund = Refund.objects.get(payment=paid)
    assert (refund.amount, refund.status, refund.created_by) == (2000, "succeeded", None)
    assert refund.provider_reference == refund_json["id"]
    assert refund.reason == "Refunded in Stripe's dashboard"
    assert _refund_emails(paid).count() == 1
    assert Membership.objects.confirmed().filter(user=postdoc).exists()
    assert len(_refunds_at_stripe(paid)) == 1  # recording it asked Stripe for nothing more
    assert WebhookEvent.objects.get(event_id="evt_refund").outcome == (
        f"payment {paid.pk} is partially_refunded: $20.00 refunded"
    )


def test_a_full_refund_made_in_stripe_ends_what_it_paid_for(client, paid, postdoc):
    charge = _refund_in_dashboard(paid)

    assert post_signed(client, event("charge.refunded", charge)).status_code == 200

    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == (Payment.Status.REFUNDED, 5000)
    assert not Membership.objects.confirmed().filter(user=postdoc).exists()


def test_a_refund_made_here_is_not_recorded_again_when_stripe_reports_it(client, paid):
    refund = services.payment_refund(payment_id=paid.pk, amount=1500, reason="typo", actor=None)

    post_signed(client, event("charge.refunded", _charge(paid)))

    paid.refresh_from_db()
    assert paid.amount_refunded == 1500
    assert list(Refund.objects.values_list("pk", "status")) == [(refund.pk, "succeeded")]
    assert len(_refunds_at_stripe(paid)) == 1
    assert _refund_emails(paid).count() == 1


def test_stripe_s_refunded_total_is_the_truth_when_both_kinds_arrive(client, paid):
    services.payment_refund(payment_id=paid.pk, amount=1000, reason="", actor=None)
    charge = _refund_in_dashboard(paid, 500)

    post_signed(client, event("charge.refunded", charge))

    paid.refresh_from_db()
    assert paid.amount_refunded == charge["amount_refunded"] == 1500
    assert sorted(Refund.objects.values_list("amount", flat=True)) == [500, 1000]


def _dispute(paid, status: str) -> stripe_gateway.Dispute:
    return stripe_gateway.Dispute(
        id="dp_1",
        intent_id=paid.provider_reference,
        amount=5000,
        currency="USD",
        status=status,
        reason="fraudulent",
    )


@pytest.fixture
def dispute_at_stripe(monkeypatch, paid):
    """localstripe has no disputes: the gateway's answer is Stripe's, set by the test."""
    state = {"status": "needs_response"}
    monkeypatch.setattr(
        stripe_gateway, "dispute_retrieve", lambda dispute_id: _dispute(paid, state["status"])
    )
    return state


def _dispute_json(paid, status):
    return {
        "id": "dp_1",
        "object": "dispute",
        "amount": 5000,
        "status": status,
        "payment_intent": paid.provider_reference,
    }


def test_a_dispute_is_flagged_for_staff_once_and_its_close_told_too(
    client, admin_client_2fa, paid, dispute_at_stripe
):
    created = event("charge.dispute.created", _dispute_json(paid, "needs_response"), "evt_d1")
    statuses = [post_signed(client, created).status_code for _ in range(10)]
    # A signed event that claims more than Stripe says is not believed.
    post_signed(client, event("charge.dispute.updated", _dispute_json(paid, "won"), "evt_d2"))

    office = OutboundEmail.objects.filter(
        to_email=settings.SOCIETY_OFFICE_EMAIL, template="payments/email/payment_dispute"
    )
    assert statuses == [200] * 10
    paid.refresh_from_db()
    assert (paid.dispute_status, paid.dispute_reference) == ("needs_response", "dp_1")
    assert office.count() == 1
    listed = admin_client_2fa.get("/admin/payments/payment/?disputed=open")
    assert paid.payer_name in listed.content.decode()

    dispute_at_stripe["status"] = "lost"
    post_signed(client, event("charge.dispute.closed", _dispute_json(paid, "lost"), "evt_d3"))

    paid.refresh_from_db()
    assert paid.dispute_status == "lost"
    assert office.count() == 2
    assert (
        paid.payer_name
        not in admin_client_2fa.get("/admin/payments/payment/?disputed=open").content.decode()
    )
    assert (
        paid.payer_name
        in admin_client_2fa.get("/admin/payments/payment/?disputed=closed").content.decode()
    )


def test_charge_events_for_charges_that_are_not_ours_or_malformed_are_acknowledged(client):
    foreign = post_signed(client, event("charge.dispute.created", {"id": 7}, "evt_bad"))
    no_object = post_signed(
        client, {"id": "evt_bad2", "type": "charge.refunded", "data": {"object": None}}
    )

    assert (foreign.status_code, no_object.status_code) == (200, 200)
    assert set(WebhookEvent.objects.values_list("outcome", flat=True)) == {"malformed: ignored"}
