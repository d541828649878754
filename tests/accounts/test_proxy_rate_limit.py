"""The sign-in rate limits count each client behind the TLS proxy, not the proxy.

Every request here arrives from one address (the test client's REMOTE_ADDR, as gunicorn sees the
proxy); X-Forwarded-For carries what the proxy adds. The limits are production's, and so is the
number of trusted proxies, read from the production settings."""

import pytest
from django.test import Client, override_settings

from icis.settings import base as base_settings
from tests.factories import PASSWORD, UserFactory
from tests.test_settings import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"
PRODUCTION_LIMITS = base_settings.ACCOUNT_RATE_LIMITS


@pytest.fixture(scope="module")
def production_proxy_count() -> int:
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


@pytest.fixture
def production_limits(production_proxy_count):
    with override_settings(
        ACCOUNT_RATE_LIMITS=PRODUCTION_LIMITS, ALLAUTH_TRUSTED_PROXY_COUNT=production_proxy_count
    ):
        yield


def _sign_in(email: str, password: str, forwarded_for: str):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        headers={"x-forwarded-for": forwarded_for},
    )
    return client, response


def _failed_attempts_per_address() -> int:
    rule = next(r for r in PRODUCTION_LIMITS["login_failed"].split(",") if r.endswith("/ip"))
    return int(rule.split("/")[0])


def test_production_trusts_the_one_proxy_compose_expects(production_proxy_count):
    assert production_proxy_count == 1


def test_failed_sign_ins_of_others_do_not_lock_a_member_out(production_limits):
    member = UserFactory()
    # More failures than one address may make, from many people behind the same proxy, each on
    # their own account (a few each, well under the per-account limit).
    for n in range(_failed_attempts_per_address() + 2):
        other = UserFactory()
        _, response = _sign_in(other.email, "not-my-password", f"203.0.113.{n + 1}")
        assert TOO_MANY not in response.content.decode()

    client, response = _sign_in(member.email, PASSWORD, "198.51.100.7")

    assert TOO_MANY not in response.content.decode()
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_client_forging_the_header_is_still_limited(production_limits):
    attacker = UserFactory()
    # Whatever the client writes into X-Forwarded-For, the proxy adds the address it saw last.
    for n in range(_failed_attempts_per_address()):
        _, response = _sign_in(
            UserFactory().email, "guess", f"10.0.{n}.1, 192.0.2.{n}, 203.0.113.66"
        )
        assert TOO_MANY not in response.content.decode()

    _, refused = _sign_in(attacker.email, PASSWORD, "198.51.100.250, 203.0.113.66")
    assert TOO_MANY in refused.content.decode()
    assert refused.status_code == 200

    # Someone else behind the same proxy still signs in.
    neighbour = UserFactory()
    client, response = _sign_in(neighbour.email, PASSWORD, "203.0.113.67")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(neighbour.pk)


@override_settings(ACCOUNT_RATE_LIMITS=PRODUCTION_LIMITS, ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_a_header_shorter_than_the_proxy_chain_counts_the_peer_address():
    """Configured for two proxies, a request that did not pass both is counted by its peer
    address (REMOTE_ADDR), with no error page, and cannot escape the limit by rotating the
    header."""
    for n in range(_failed_attempts_per_address()):
        _, response = _sign_in(UserFactory().email, "guess", f"203.0.113.{n + 1}")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()

    _, refused = _sign_in(UserFactory().email, PASSWORD, "198.51.100.1")
    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()
