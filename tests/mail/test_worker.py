"""The outbox end to end: a real Celery worker thread on the real Redis broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from icis.celery import app as celery_app
from icis.mail.models import OutboundEmail
from icis.mail.services import email_queue_test
from tests.waiting import wait_for


@pytest.mark.django_db(transaction=True)
def test_worker_sends_a_committed_email_exactly_once(user):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        email = email_queue_test(user=user)  # commits: autocommit outside a test transaction

        assert wait_for(
            lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
        ), "the worker did not send the email"
        time.sleep(0.5)  # a duplicate delivery would land in this window

    assert [message.to for message in mail.outbox] == [[user.email]]
