"""Addresses every page needs are reversed once per process, not at each request."""

import pytest

from icis.accounts import middleware as staff_middleware
from icis.site import context_processors

pytestmark = pytest.mark.django_db


def _counting(monkeypatch, module) -> list[str]:
    calls = []
    reverse = module.reverse
    monkeypatch.setattr(module, "reverse", lambda *a, **kw: calls.append(a[0]) or reverse(*a, **kw))
    return calls


def test_the_navigation_is_reversed_once_and_still_marks_the_current_section(client, monkeypatch):
    context_processors._section_urls.cache_clear()
    calls = _counting(monkeypatch, context_processors)

    client.get("/")
    html = client.get("/meetings/").content.decode()

    # Five sections, once: before, five per request.
    assert len(calls) == 5
    assert '<a href="/meetings/" aria-current="page">Meetings</a>' in html
    assert '<a href="/news/">News</a>' in html


def test_the_staff_area_address_is_reversed_once_per_process(client, monkeypatch):
    calls = _counting(monkeypatch, staff_middleware)

    for _ in range(3):
        client.get("/")

    assert calls.count("admin:index") == 1
    # The staff area still asks for two-factor: anonymous visitors go to sign in.
    assert client.get("/admin/").status_code == 302
