"""Addresses on the platform are https only, and players are embedded only from hosts staff
approved, which the page's Content-Security-Policy then allows and nothing else."""

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from meetings.virtual.hosts import (
    allow_frames,
    approved_hosts,
    embeddable,
    validate_host_name,
    validate_https_url,
)
from meetings.virtual.models import EmbedHost


@pytest.mark.parametrize(
    "address",
    [
        "http://player.example.com/v/1",
        "javascript:alert(1)",
        "ftp://example.com/file",
        "https://",
        "https://example.com/" + "a" * 600,
    ],
)
def test_only_https_addresses_are_taken(address):
    with pytest.raises(ValidationError):
        validate_https_url(address)


def test_an_https_address_is_taken():
    validate_https_url("https://player.example.com/video/42")


@pytest.mark.parametrize(
    "host", ["https://player.example.com", "player.example.com/path", "Player.Example.com", ""]
)
def test_a_host_is_a_bare_lower_case_name(host):
    with pytest.raises(ValidationError):
        validate_host_name(host)


@pytest.mark.django_db
def test_only_approved_hosts_become_frame_sources():
    EmbedHost.objects.create(host="player.example.com", name="Example player")
    hosts = approved_hosts()
    response = allow_frames(
        HttpResponse(),
        [
            "https://player.example.com/video/1",
            "https://elsewhere.example.net/video/2",
            "http://player.example.com/video/3",
        ],
        hosts,
    )

    assert response._csp_update == {"frame-src": ["https://player.example.com"]}
    assert not embeddable("https://elsewhere.example.net/video/2", hosts)
    assert not embeddable("https://player.example.com.evil.example/v", hosts)
