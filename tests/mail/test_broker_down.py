"""Redis is down when an email is queued: the request still succeeds, the email waits in the
outbox, and the sweep sends it once Redis is back, without anyone acting."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from icis.mail.models import OutboundEmail
from icis.mail.services import email_queue_test, email_send, email_sweep

pytestmark = pytest.mark.django_db


def test_email_queued_while_redis_is_down_is_sent_by_the_sweep(
    user, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue_test(user=user)  # the broker error must not reach the caller

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED

    broker_down()  # Redis is back
    later = timezone.now() + timedelta(minutes=3)
    assert email_sweep(now=later) == 1
    email_send(email_id=email.pk, now=later)

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [[user.email]]
