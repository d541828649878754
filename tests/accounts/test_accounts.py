import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import override_settings

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from tests.conftest import enable_totp
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _sign_up(client, email="ada@example.org", **overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": email,
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
    }
    return client.post("/accounts/signup/", {**data, **overrides})


def test_sign_up_queues_a_confirmation_email_in_the_outbox(client):
    response = _sign_up(client)

    assert response.status_code == 302
    user = User.objects.get(email="ada@example.org")
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
    assert not EmailAddress.objects.get(user=user).verified
    email = OutboundEmail.objects.get(to_email="ada@example.org")
    assert email.template == "account/email/email_confirmation_signup"
    assert email.subject.startswith("[ICIS] ")
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", email.body_text)
    assert AuditEntry.objects.filter(action="account.sign_up", actor=user).exists()


def test_unverified_account_cannot_sign_in_until_the_email_is_confirmed(client):
    _sign_up(client)
    client.logout()

    response = client.post(
        "/accounts/login/", {"login": "ada@example.org", "password": "a-long-enough-passphrase"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_signing_up_with_a_taken_address_tells_its_owner_not_the_visitor(client, user):
    # The page must not reveal who has an account; the owner is told by email instead.
    response = _sign_up(client, email=user.email.upper())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.count() == 1
    email = OutboundEmail.objects.get()
    assert email.template == "account/email/account_already_exists"
    assert email.to_email.lower() == user.email


def test_mismatched_passwords_are_reported_on_the_form(client):
    response = _sign_up(client, password2="something-else-entirely")
    html = response.content.decode()
    assert response.status_code == 200
    assert "You must type the same password each time." in html
    assert 'value="Ada"' in html  # what was typed is kept
    assert not User.objects.exists()


def test_repeated_wrong_passwords_are_rate_limited(client, user):
    pages = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).content.decode()
        for _ in range(6)
    ]
    assert all("are not correct" in page for page in pages[:5])
    assert "Too many failed login attempts" in pages[5]
    # Even the right password waits until the limit passes.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_with_email_and_password(client, user):
    response = client.post("/accounts/login/", {"login": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_password_reset_email_goes_through_the_outbox(client, user):
    client.post("/accounts/password/reset/", {"email": user.email})
    email = OutboundEmail.objects.get(to_email=user.email)
    assert email.template == "account/email/password_reset_key"
    assert "/accounts/password/reset/key/" in email.body_text


# --- The staff area needs two-factor ----------------------------------------------------------


def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/admin/site_pages/page/", follow=True)

    assert response.redirect_chain == [("/accounts/2fa/", 302)]
    assert "The staff area needs two-factor authentication" in response.content.decode()


def test_staff_with_two_factor_reach_the_admin(admin_client_2fa):
    assert admin_client_2fa.get("/admin/").status_code == 200


def test_admin_sign_in_goes_through_the_site_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == ("/accounts/login/?next=%2Fadmin%2F", 302)


def test_admin_sign_in_ignores_an_offsite_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_members_who_are_not_staff_are_refused_the_admin(client, user):
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "does not have access to the staff area" in response.content.decode()


def test_signing_in_to_the_admin_asks_for_the_second_factor(client, staff_user_2fa):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": staff_user_2fa.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client, user):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    enable_totp(user)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]

    for attempt in ("first", "second"):
        client.logout()
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        response = client.post("/accounts/2fa/authenticate/", {"code": code})
        signed_in = "_auth_user_id" in client.session
        assert signed_in is (attempt == "first"), attempt
    assert "Incorrect code." in response.content.decode()


@override_settings(STAFF_TWO_FACTOR_EXEMPT_EMAILS=["demo-staff@example.org"])
def test_an_exempt_development_account_reaches_the_admin(client):
    demo_staff = UserFactory(email="demo-staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(demo_staff)
    assert client.get("/admin/").status_code == 200


@override_settings(REQUIRE_STAFF_TWO_FACTOR=False)
def test_the_requirement_can_be_switched_off_outside_production(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200


# --- ORCID ------------------------------------------------------------------------------------


def test_orcid_sign_in_is_hidden_without_a_client(client):
    assert "ORCID" not in client.get("/accounts/login/").content.decode()


@override_settings(
    SOCIALACCOUNT_PROVIDERS={"orcid": {"APPS": [{"client_id": "APP-1", "secret": "s"}]}}
)
def test_orcid_sign_in_appears_when_configured(client):
    html = client.get("/accounts/login/").content.decode()
    assert "ORCID" in html
    assert "/accounts/orcid/login/" in html


@pytest.mark.django_db
def test_expired_sessions_are_removed_nightly_and_live_ones_kept():
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    from icis.accounts.tasks import sessions_clear_expired

    live, old = SessionStore(), SessionStore()
    live.create()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    assert sessions_clear_expired() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    task = PeriodicTask.objects.get(task="icis.accounts.tasks.sessions_clear_expired")
    assert task.enabled and task.crontab.hour == "3"
