"""A card payment whose PaymentIntent was changed at Stripe (another amount or currency): no
error page, the payment waits for review with the reason, the office is told once, the payer
reads a plain sentence."""

import pytest
from django.conf import settings

from icis.mail.models import OutboundEmail
from icis.payments import services
from icis.payments.models import Payment, WebhookEvent
from members.models import Membership
from tests.payments.signed import event, post_signed, stripe_api
from tests.payments.stripe_browser import pay_in_browser

pytestmark = pytest.mark.django_db
SENTENCE = "it does not match what was owed, so it has not been applied yet"


def _paid_for_less_at_stripe(payment) -> Payment:
    """Someone changed the PaymentIntent to $1.00 at Stripe; the payer then paid it."""
    checkout = services.payment_checkout(payment_id=payment.pk)
    payment.refresh_from_db()
    stripe_api("POST", f"/v1/payment_intents/{payment.provider_reference}", {"amount": 100})
    pay_in_browser(checkout)
    return payment


def _office_emails():
    return OutboundEmail.objects.filter(
        to_email=settings.SOCIETY_OFFICE_EMAIL, template="payments/email/payment_review"
    )


def test_the_webhook_puts_the_payment_in_review_and_tells_the_office_once(
    client, trainee_payment, postdoc
):
    payment = _paid_for_less_at_stripe(trainee_payment)
    intent = stripe_api("GET", f"/v1/payment_intents/{payment.provider_reference}")

    responses = [
        post_signed(client, event("payment_intent.succeeded", intent, f"evt_{n}")) for n in range(3)
    ]

    assert [r.status_code for r in responses] == [200, 200, 200]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REVIEW
    assert payment.review_reason == (
        f"Stripe's PaymentIntent {payment.provider_reference} was paid for $1.00, but the "
        "payment is for $50.00."
    )
    assert payment.receipt_number == ""
    assert not Membership.objects.confirmed().filter(user=postdoc).exists()
    first = WebhookEvent.objects.get(event_id="evt_0")
    assert first.outcome == f"payment {payment.pk} is review: {payment.review_reason}"
    assert first.processed_at is not None
    assert _office_emails().count() == 1
    assert payment.review_reason in _office_emails().get().body_text

    client.force_login(postdoc)
    back = client.get(f"/payments/{payment.public_id}/return/", follow=True)
    assert back.status_code == 200
    assert SENTENCE in back.content.decode()
    assert "staff have been told" not in back.content.decode()
    pay_page = client.get(payment.get_pay_url(), follow=True)
    assert SENTENCE in pay_page.content.decode()
    assert 'id="card-form"' not in pay_page.content.decode()
    assert _office_emails().count() == 1


def test_the_return_page_first_says_so_plainly_and_the_webhook_after_changes_nothing(
    client, trainee_payment, postdoc
):
    payment = _paid_for_less_at_stripe(trainee_payment)
    client.force_login(postdoc)

    back = client.get(f"/payments/{payment.public_id}/return/", follow=True)

    assert back.status_code == 200
    assert SENTENCE in back.content.decode()
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.REVIEW
    intent = stripe_api("GET", f"/v1/payment_intents/{payment.provider_reference}")
    assert post_signed(client, event("payment_intent.succeeded", intent)).status_code == 200
    assert _office_emails().count() == 1


def test_staff_find_payments_to_review_in_the_admin(admin_client_2fa, trainee_payment):
    payment = _paid_for_less_at_stripe(trainee_payment)
    services.payment_sync(payment_id=payment.pk)

    listed = admin_client_2fa.get("/admin/payments/payment/?status__exact=review")
    others = admin_client_2fa.get("/admin/payments/payment/?status__exact=paid")

    assert payment.description in listed.content.decode()
    assert payment.description not in others.content.decode()
    assert "Needs review" in admin_client_2fa.get("/admin/payments/payment/").content.decode()
