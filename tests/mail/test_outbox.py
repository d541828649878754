import socket
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from icis.mail.exceptions import MailError
from icis.mail.models import OutboundEmail
from icis.mail.services import (
    email_queue,
    email_queue_test,
    email_resend,
    email_send,
    email_sweep,
)

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _celery_queue_length() -> int:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        return client.llen("celery")
    finally:
        client.close()


@pytest.fixture
def refusing_smtp():
    """A real SMTP backend pointed at a port where nothing listens: every send is refused."""
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_closed_port(),
        EMAIL_TIMEOUT=2,
    ):
        yield


def test_queued_email_is_handed_to_the_broker_after_commit(
    user, django_capture_on_commit_callbacks
):
    before = _celery_queue_length()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = email_queue_test(user=user)

    assert len(callbacks) == 1
    assert _celery_queue_length() == before + 1
    assert email.status == Status.QUEUED
    assert email.to_email == user.email


def test_email_rolled_back_with_its_transaction_is_never_sent(
    user, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_queue_test(user=user)
        raise RuntimeError("the service failed after queuing")

    assert not OutboundEmail.objects.exists()
    assert callbacks == []


def test_email_is_sent_once_with_text_and_html_parts(user):
    email = email_queue_test(user=user)

    sent = email_send(email_id=email.pk)
    again = email_send(email_id=email.pk)

    assert again is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "[ICIS] Test email from the society's website"
    assert f"Hello {user.first_name}," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "International Cytokine &amp; Interferon Society" in html
    sent.refresh_from_db()
    assert (sent.status, sent.attempts) == (Status.SENT, 1)
    assert sent.sent_at is not None


def test_same_dedupe_key_queues_one_email(user, django_capture_on_commit_callbacks):
    context = {"name": "Ada", "requested_at": "today"}
    with django_capture_on_commit_callbacks() as callbacks:
        first = email_queue(
            to=user.email,
            template="mail/email/test_message",
            context=context,
            dedupe_key="renewal:42:30-days",
        )
        second = email_queue(
            to=user.email,
            template="mail/email/test_message",
            context=context,
            dedupe_key="renewal:42:30-days",
        )

    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(callbacks) == 1


def test_refused_email_is_retried_with_backoff_then_marked_failed(user, refusing_smtp):
    now = timezone.now()
    email = email_queue_test(user=user, now=now)
    waits = []

    for attempt in range(1, settings.MAIL_MAX_ATTEMPTS + 1):
        assert email_send(email_id=email.pk, now=now) is not None
        email.refresh_from_db()
        assert email.attempts == attempt
        assert "ConnectionRefusedError" in email.last_error
        if email.status == Status.QUEUED:
            # Not due before its backoff has passed.
            assert email_send(email_id=email.pk, now=now) is None
            waits.append(email.next_attempt_at - now)
            now = email.next_attempt_at

    assert email.status == Status.FAILED
    assert waits == [
        timedelta(seconds=settings.MAIL_RETRY_BASE_SECONDS * 2**n)
        for n in range(settings.MAIL_MAX_ATTEMPTS - 1)
    ]
    assert mail.outbox == []


def test_staff_resend_a_failed_email_and_it_goes_out(user, staff_user, refusing_smtp):
    email = email_queue_test(user=user)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.FAILED, attempts=settings.MAIL_MAX_ATTEMPTS, last_error="SMTP refused"
    )

    resent = email_resend(email_id=email.pk, actor=staff_user)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        email_send(email_id=resent.pk)

    resent.refresh_from_db()
    assert resent.pk == email.pk
    assert (resent.status, resent.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_resending_a_sent_email_keeps_the_first_delivery_on_record(user, staff_user):
    email = email_queue_test(user=user)
    email_send(email_id=email.pk)

    copy = email_resend(email_id=email.pk, actor=staff_user)
    email_send(email_id=copy.pk)

    email.refresh_from_db()
    copy.refresh_from_db()
    assert copy.pk != email.pk
    assert email.status == copy.status == Status.SENT
    assert len(mail.outbox) == 2


def test_an_email_still_waiting_cannot_be_resent(user, staff_user):
    email = email_queue_test(user=user)
    with pytest.raises(MailError, match="still waiting"):
        email_resend(email_id=email.pk, actor=staff_user)


def test_sweep_sends_rows_left_waiting_and_rescues_those_a_dead_worker_held(user):
    now = timezone.now()
    left_waiting = email_queue_test(user=user, now=now - timedelta(minutes=10))
    held_by_dead_worker = email_queue_test(user=user, now=now - timedelta(hours=1))
    OutboundEmail.objects.filter(pk=held_by_dead_worker.pk).update(
        status=Status.SENDING, sending_started_at=now - timedelta(hours=1), attempts=1
    )
    # Queued a second after the others, so still inside its own hand-over's time at the sweep.
    just_queued = email_queue_test(user=user, now=now + timedelta(seconds=1))
    before = _celery_queue_length()

    dispatched = email_sweep(now=now + timedelta(seconds=settings.MAIL_SWEEP_AFTER_SECONDS))

    # The fresh row is its own on_commit hook's job; the other two are swept.
    assert dispatched == 2
    assert _celery_queue_length() == before + 1  # one batch task for both
    for email in (left_waiting, held_by_dead_worker):
        email_send(email_id=email.pk, now=now + timedelta(minutes=5))
    assert {message.to[0] for message in mail.outbox} == {user.email}
    assert len(mail.outbox) == 2
    just_queued.refresh_from_db()
    assert just_queued.status == Status.QUEUED


def test_sweep_leaves_an_email_in_flight_alone(user):
    now = timezone.now()
    email = email_queue_test(user=user, now=now)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, sending_started_at=now)

    assert email_sweep(now=now + timedelta(minutes=5)) == 0
    email.refresh_from_db()
    assert email.status == Status.SENDING


def test_email_a_dead_worker_held_goes_out_with_the_first_sweep_after_the_timeout(user):
    """The README's promise: a row left in "sending" at t0 is sent again once
    MAIL_SENDING_TIMEOUT_SECONDS (600 s) have passed, by the first sweep after that, not a
    sweep-wait (120 s) later."""
    t0 = timezone.now()
    email = email_queue_test(user=user, now=t0)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, sending_started_at=t0, attempts=1
    )
    timeout = timedelta(seconds=settings.MAIL_SENDING_TIMEOUT_SECONDS)

    assert email_sweep(now=t0 + timeout) == 0  # the worker may still be sending it
    first_sweep_after = t0 + timeout + timedelta(milliseconds=1)
    assert email_sweep(now=first_sweep_after) == 1
    email_send(email_id=email.pk, now=first_sweep_after)

    email.refresh_from_db()
    assert email.status == Status.SENT
    assert [message.to for message in mail.outbox] == [[user.email]]
