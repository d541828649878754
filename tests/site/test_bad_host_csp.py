"""Every answer carries the site's Content-Security-Policy, also those given before a view runs:
the 400 page for a Host the site does not serve."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

HOSTS = ["www.cytokinesociety.org"]


def _policy() -> str:
    """What an ordinary page of the site carries."""
    with override_settings(ALLOWED_HOSTS=HOSTS):
        page = Client().get("/", HTTP_HOST=HOSTS[0])
    assert page.status_code == 200
    return page["Content-Security-Policy"]


def test_the_page_for_a_disallowed_host_carries_the_policy(client):
    with override_settings(ALLOWED_HOSTS=HOSTS):
        response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "We couldn't understand that request" in response.content.decode()
    assert response["Content-Security-Policy"] == _policy()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_so_does_the_one_given_while_redirecting_to_https():
    """In production an http request is redirected to https first, which reads the Host."""
    with override_settings(ALLOWED_HOSTS=HOSTS, SECURE_SSL_REDIRECT=True):
        # A client of its own: the middleware reads SECURE_SSL_REDIRECT once, when it is built.
        response = Client().get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Security-Policy"] == _policy()
