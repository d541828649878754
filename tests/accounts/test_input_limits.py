"""Addresses the account cannot store, and sign-in routes that are not configured."""

import pytest
from django.contrib.auth import get_user_model

from icis.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db
User = get_user_model()


def _address(length: int) -> str:
    """A valid address of `length` characters: a 64-character local part, a domain of labels."""
    domain = "example.org"
    while len(domain) < length - 65:
        domain = "b" * min(60, length - 65 - len(domain) - 1) + "." + domain
    email = "a" * 64 + "@" + domain
    assert len(email) == length
    return email


def _sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": email,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )


@pytest.mark.parametrize("length", [255, 300, 320])
def test_an_address_longer_than_254_characters_is_refused_in_place(client, length):
    email = _address(length)

    first = _sign_up(client, email)
    again = _sign_up(client, email)

    for response in (first, again):
        assert response.status_code == 200
        assert f"This email address is {length} characters long" in response.content.decode()
    assert not User.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_an_address_of_254_characters_is_still_accepted(client):
    email = _address(254)

    response = _sign_up(client, email)

    assert response.status_code == 302
    assert User.objects.get().email == email


@pytest.mark.parametrize("path", ["/accounts/orcid/login/", "/accounts/orcid/login/callback/"])
def test_orcid_routes_do_not_exist_without_a_client(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
