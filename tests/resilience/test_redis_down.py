"""Redis stops while the site is in use: members still sign up, sign in, see their pages and
pay; /healthz names Redis; the emails wait in the outbox and go once Redis is back."""

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from icis.celery import app as celery_app
from icis.mail.models import OutboundEmail
from icis.mail.services import email_sweep
from icis.payments import services as payment_services
from icis.payments.models import Payment
from tests.conftest import _use_broker
from tests.factories import PASSWORD
from tests.payments.stripe_browser import pay_in_browser
from tests.waiting import wait_for

from .servers import RedisServer

PASSPHRASE = "a-long-enough-passphrase"


@pytest.fixture
def own_redis(settings):
    """The site's cache, broker and health check all on a Redis of this test's own."""
    with tempfile.TemporaryDirectory(prefix="icis-redis-") as folder:
        server = RedisServer(Path(folder))
        server.start()
        working_broker = celery_app.conf.broker_url
        cache = {**settings.CACHES["default"], "LOCATION": server.url}
        try:
            with override_settings(
                REDIS_URL=server.url, CELERY_BROKER_URL=server.url, CACHES={"default": cache}
            ):
                _use_broker(server.url)
                yield server
        finally:
            _use_broker(working_broker)
            server.stop()


def _sign_up(client, email: str):
    return client.post(
        "/accounts/signup/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": email,
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
        },
    )


def _confirm(client, email: str):
    body = OutboundEmail.objects.get(to_email=email).body_text
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", body).group(1)
    return client.post(link)


def _sign_in(client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def _pay(client, payment: Payment) -> list[int]:
    """The pay page, the card confirmed by Stripe.js, the return page: the statuses answered."""
    statuses = [client.get(payment.get_pay_url()).status_code]
    # The pay page's intent, as its card form holds it (the same intent on every call).
    checkout = payment_services.payment_checkout(payment_id=payment.pk)
    assert pay_in_browser(checkout)["status"] == "succeeded"
    statuses.append(client.get(f"/payments/{payment.public_id}/return/").status_code)
    return statuses


def _journey(client, *, new_address: str, member, payment: Payment | None) -> list[int]:
    """What members do: sign up and confirm, sign out, a member signs in, opens their pages
    and pays. Returns every status code answered."""
    statuses = [
        _sign_up(client, new_address).status_code,
        _confirm(client, new_address).status_code,
        client.get("/my/").status_code,
        client.post("/accounts/logout/").status_code,
        _sign_in(client, member.email, PASSWORD).status_code,
        client.get("/my/").status_code,
        client.get("/my/payments/").status_code,
    ]
    if payment is not None:
        statuses += _pay(client, payment)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_members_sign_in_and_pay_while_redis_is_down_and_emails_go_when_it_is_back(
    client, own_redis, postdoc, trainee_payment
):
    signed_in_before = client.__class__()
    assert _sign_in(signed_in_before, postdoc.email, PASSWORD).status_code == 302
    assert _journey(client, new_address="ada@example.org", member=postdoc, payment=None) == [
        302, 302, 200, 302, 302, 200, 200,
    ]  # fmt: skip
    assert client.get(trainee_payment.get_pay_url()).status_code == 200
    assert client.get("/healthz").status_code == 200

    own_redis.stop()

    # A member signed in before the outage keeps their session.
    assert signed_in_before.get("/my/").status_code == 200
    assert signed_in_before.post("/accounts/logout/").status_code == 302
    client.post("/accounts/logout/")
    statuses = _journey(client, new_address="grace@example.org", member=postdoc,
                        payment=trainee_payment)  # fmt: skip
    assert statuses == [302, 302, 200, 302, 302, 200, 200, 200, 302]
    trainee_payment.refresh_from_db()
    assert trainee_payment.status == Payment.Status.PAID
    # Rate limits fail open while their counters are unreachable: after more wrong passwords
    # than the limit allows (see tests/accounts), the right one still signs in.
    stranger = client.__class__()
    assert {_sign_in(stranger, postdoc.email, "wrong").status_code for _ in range(6)} == {200}
    assert _sign_in(stranger, postdoc.email, PASSWORD).status_code == 302
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["redis"].startswith("ConnectionError")
    assert health.json()["checks"]["database"] == "ok"
    waiting = set(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).values_list(
            "to_email", "template"
        )
    )
    assert ("grace@example.org", "account/email/email_confirmation_signup") in waiting
    assert (postdoc.email, "payments/email/payment_received") in waiting

    own_redis.start()
    mail.outbox.clear()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert email_sweep(now=timezone.now() + timedelta(minutes=3)) >= len(waiting)
        assert wait_for(
            lambda: not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists(),
            timeout=20,
        ), list(OutboundEmail.objects.values_list("to_email", "template", "status"))

    delivered = {(message.to[0], message.subject) for message in mail.outbox}
    assert len(delivered) == len(mail.outbox) >= len(waiting)  # each once
    assert any(to == "grace@example.org" for to, _ in delivered)
    assert any(to == postdoc.email and "receipt" in subject for to, subject in delivered)
