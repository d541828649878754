"""A member adds a passkey and signs in with it alone: Chromium's virtual authenticator plays
the security key."""

import re

import pytest

from icis.core.models import AuditEntry
from tests.browser.journeys import credentials_enter
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def virtual_authenticator(checked_page):
    session = checked_page.page.context.new_cdp_session(checked_page.page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session


def test_add_a_passkey_and_sign_in_with_it(checked_page, virtual_authenticator):
    user = UserFactory(email="barbara.mcclintock@example.org")
    page = checked_page.page

    checked_page.goto("/accounts/login/")
    credentials_enter(checked_page, user.email)

    checked_page.goto("/accounts/2fa/webauthn/add/")
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        checked_page.check()
    page.get_by_label(re.compile("^Name")).fill("Laptop")
    page.get_by_label(re.compile("^Passwordless")).check()
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/(webauthn/|recovery-codes/)$"))
    checked_page.check()

    page.get_by_role("button", name="Sign out").click()
    checked_page.check()
    page.get_by_role("link", name="Sign in").click()
    checked_page.check()
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))  # the home page
    checked_page.check()

    assert page.get_by_role("link", name="My account").is_visible()
    assert AuditEntry.objects.filter(action="account.two_factor_added", actor=user).exists()
