"""Redis is down when an email is queued: the request still succeeds, the email waits in the
outbox, and the sweep sends it once Redis is back, without anyone acting."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu import pools

from icis.celery import app as celery_app
from icis.mail.models import OutboundEmail
from icis.mail.services import email_queue_test, email_send, email_sweep

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    # Drop every pooled connection and producer so the next publish connects to `url`.
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker_down():
    working = celery_app.conf.broker_url
    _use_broker(f"redis://127.0.0.1:{_closed_port()}/0")
    yield lambda: _use_broker(working)
    _use_broker(working)


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
