"""Steps many browser journeys share: signing in and out the way a person does."""

import re
import time

import pyotp
from playwright.sync_api import expect

from tests.factories import PASSWORD

# A staff authenticator's secret for `enable_totp`: 160 bits, as authenticator apps use (pyotp
# 2.12 refuses the 80-bit default).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def credentials_enter(checked_page, email: str, password: str = PASSWORD) -> None:
    """On the sign-in page: the email, the password, "Sign In"."""
    page = checked_page.page
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    checked_page.check()


def sign_in(
    checked_page,
    email: str,
    *,
    start: str | None = "/",
    password: str = PASSWORD,
    totp_secret: str = "",
) -> None:
    """Open `start` (None stays on the page already open), follow the header's "Sign in" link,
    enter the password and, for an account with an authenticator, its current code. Ends signed
    in, on the page the site goes to next."""
    page = checked_page.page
    if start is not None:
        checked_page.goto(start)
    page.get_by_role("link", name="Sign in").click()
    checked_page.check()
    credentials_enter(checked_page, email, password)
    if totp_secret:
        assert "/accounts/2fa/authenticate/" in page.url
        totp = pyotp.TOTP(totp_secret)
        # A code typed in the last moments of its 30-second window reaches the server in the
        # next one, where it is wrong (no tolerance is allowed): wait for a fresh window then.
        seconds_left = totp.interval - time.time() % totp.interval
        if seconds_left < 5:
            time.sleep(seconds_left + 0.1)
        code = totp.now()
        page.get_by_role("textbox", name=re.compile("code", re.I)).fill(code)
        page.get_by_role("button", name="Sign In", exact=True).click()
        checked_page.check()
    expect(page.get_by_role("link", name="My account")).to_be_visible()


def sign_out(checked_page) -> None:
    checked_page.page.get_by_role("button", name="Sign out").click()
    checked_page.check()
    expect(checked_page.page.get_by_role("link", name="Sign in")).to_be_visible()
