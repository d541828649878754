"""A newcomer signs up, confirms their address from the outbox, signs in, turns on an
authenticator app and signs in again with a code: in Chromium, every page checked by axe."""

import re

import pyotp
import pytest

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from tests.browser.journeys import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "grace.hopper@example.org"
PASSWORD = "interferon-gamma-1957"


def test_sign_up_confirm_sign_in_and_turn_on_two_factor(checked_page):
    page = checked_page.page
    checked_page.goto("/")

    page.get_by_role("link", name="Create account").click()
    checked_page.check()
    page.get_by_label("Given name").fill("Grace")
    page.get_by_label("Family name").fill("Hopper")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill("not-the-same-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    checked_page.check()
    assert page.get_by_text("You must type the same password each time.").is_visible()
    assert page.get_by_label("Given name").input_value() == "Grace"

    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    checked_page.check()
    assert page.get_by_role("heading", name="Verify Your Email Address").is_visible()

    email = OutboundEmail.objects.get(to_email=EMAIL)
    confirm_url = re.search(r"http://\S+/accounts/confirm-email/\S+/", email.body_text).group(0)
    checked_page.goto(confirm_url)
    page.get_by_role("button", name="Confirm").click()
    checked_page.check()
    assert page.get_by_role("link", name="My account").is_visible()

    sign_out(checked_page)
    sign_in(checked_page, EMAIL, start=None, password=PASSWORD)

    checked_page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Activate").first.click()
    checked_page.check()
    if "/accounts/reauthenticate/" in page.url:
        # allauth asks for the password again before a security change.
        page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        checked_page.check()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activate").click()
    checked_page.check()
    assert "/accounts/2fa/recovery-codes/" in page.url

    sign_out(checked_page)
    sign_in(checked_page, EMAIL, start=None, password=PASSWORD, totp_secret=secret)
    assert AuditEntry.objects.filter(action="account.two_factor_added").exists()
