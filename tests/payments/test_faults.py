"""A member pays while Redis is down: nothing is lost and nobody has to act."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from icis.mail.models import OutboundEmail
from icis.mail.services import email_send, email_sweep
from icis.payments import services

pytestmark = pytest.mark.django_db


def test_the_receipt_email_waits_in_the_outbox_and_goes_out_after_redis_returns(
    trainee_payment, postdoc, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = services.payment_record_manual(
            payment_id=trainee_payment.pk, method="bank_transfer", reference="", actor=None
        )
    receipt = OutboundEmail.objects.get(template="payments/email/payment_received")
    assert payment.status == "paid" and receipt.status == "queued"

    broker_down()  # Redis is back; the beat sweep runs a few minutes later
    later = timezone.now() + timedelta(minutes=3)
    assert email_sweep(now=later) == 2  # the receipt and the welcome email
    for email in OutboundEmail.objects.all():
        email_send(email_id=email.pk, now=later)

    receipt.refresh_from_db()
    assert receipt.status == "sent"
    assert sorted(m.subject for m in mail.outbox) == [
        f"[ICIS] Payment received: receipt {payment.receipt_number}",
        "[ICIS] Welcome to the International Cytokine & Interferon Society",
    ]
