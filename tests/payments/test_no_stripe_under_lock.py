"""No Stripe call while a lock may be held, and a checkout that asks Stripe little."""

import pytest
from django.db import transaction

from icis.payments import services, stripe_gateway
from icis.payments.models import Payment, Refund
from tests.payments.signed import event, post_signed
from tests.payments.stripe_browser import paid_by_card, pay_in_browser
from tests.payments.stripe_calls import stripe_calls  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_stripe_call_inside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"), transaction.atomic():
        stripe_gateway.payment_intent_retrieve("pi_anything")


def test_a_membership_checkout_asks_stripe_three_times_at_most(
    client,
    trainee_payment,
    postdoc,
    stripe_calls,  # noqa: F811
):
    client.force_login(postdoc)

    page = client.get(trainee_payment.get_pay_url())
    answer = client.post(f"/payments/{trainee_payment.public_id}/intent/").json()
    checkout = services.Checkout(
        publishable_key=page.context["checkout"].publishable_key,
        js_url=page.context["checkout"].js_url,
        intent_client_secret=answer["client_secret"],
    )
    intent = pay_in_browser(checkout, save_card=True)  # in the browser: not the site's calls
    back = client.get(f"/payments/{trainee_payment.public_id}/return/")
    post_signed(client, event("payment_intent.succeeded", intent))

    assert back.status_code == 302
    assert Payment.objects.get(pk=trainee_payment.pk).status == Payment.Status.PAID
    # The customer (once per member, for the card kept), the intent, and reading it back.
    assert len(stripe_calls) == 3, stripe_calls


def test_the_pay_page_offers_to_keep_the_card_and_the_card_is_kept_only_when_asked(
    client, trainee_payment, postdoc
):
    client.force_login(postdoc)
    page = client.get(trainee_payment.get_pay_url()).content.decode()
    assert "Keep this card and renew automatically" in page

    paid_by_card(trainee_payment)

    assert not hasattr(Payment.objects.get(pk=trainee_payment.pk).payer, "saved_card")
    postdoc.member_profile.refresh_from_db()
    assert not postdoc.member_profile.auto_renew


def test_ticking_automatic_renewal_keeps_the_card_and_turns_it_on(trainee_payment, postdoc):
    paid_by_card(trainee_payment, save_card=True)

    postdoc.refresh_from_db()
    assert postdoc.saved_card.last4 == "4242"
    assert postdoc.member_profile.auto_renew
    intent = stripe_gateway.payment_intent_retrieve(
        Payment.objects.get(pk=trainee_payment.pk).provider_reference
    )
    assert intent.setup_future_usage == "off_session"
    assert intent.customer == postdoc.stripe_customer.customer_id


def test_a_refund_is_on_record_before_stripe_is_asked_and_a_failure_is_kept(
    trainee_payment, monkeypatch
):
    paid = paid_by_card(trainee_payment)
    seen = []

    def refused(**kwargs):
        seen.append(list(Refund.objects.values_list("status", flat=True)))
        raise services.PaymentError("Stripe said no.")

    monkeypatch.setattr(stripe_gateway, "refund_create", refused)
    with pytest.raises(services.PaymentError, match="Stripe said no"):
        services.payment_refund(payment_id=paid.pk, amount=None, reason="", actor=None)

    assert seen == [["pending"]]
    assert list(Refund.objects.values_list("status", flat=True)) == ["failed"]
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == (Payment.Status.PAID, 0)


def test_cancelling_an_unpaid_payment_cancels_its_intent_at_stripe_first(trainee_payment):
    checkout = services.payment_checkout(payment_id=trainee_payment.pk)

    payment = services.payment_cancel_unless_paid(payment_id=trainee_payment.pk, actor=None)

    assert payment.status == Payment.Status.CANCELLED
    assert stripe_gateway.payment_intent_retrieve(payment.provider_reference).status == "canceled"
    with pytest.raises(ValueError):
        pay_in_browser(checkout)  # the tab left open can no longer pay


def test_cancelling_a_payment_charged_a_moment_ago_confirms_it_instead(trainee_payment):
    pay_in_browser(services.payment_checkout(payment_id=trainee_payment.pk))

    payment = services.payment_cancel_unless_paid(payment_id=trainee_payment.pk, actor=None)

    assert payment.status == Payment.Status.PAID
