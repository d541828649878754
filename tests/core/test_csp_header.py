"""The Content-Security-Policy header is built once per distinct policy, and a page's own
frame sources still reach that page only."""

import pytest
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from icis.core import csp as cached


def _respond(frame_src=None):
    def view(request):
        response = HttpResponse("ok")
        if frame_src:
            response._csp_update = {"frame-src": frame_src}
        return response

    middleware = cached.CachedCSPMiddleware(view)
    return middleware(RequestFactory().get("/"))["Content-Security-Policy"]


@pytest.fixture
def builds(monkeypatch):
    cached._built.clear()
    calls = []
    build = cached.build_policy
    monkeypatch.setattr(
        cached, "build_policy", lambda **parts: calls.append(parts) or build(**parts)
    )
    return calls


def test_the_header_is_built_once_for_the_same_policy(builds):
    headers = [_respond() for _ in range(3)]

    assert headers == [build_policy()] * 3
    # Once for the policy, once for the (empty) report-only policy: not at every response.
    assert len(builds) == 2


def test_a_page_with_a_player_keeps_its_frame_source_and_others_do_not_get_it(builds):
    plain = _respond()
    player = _respond(["https://player.example.com"])
    again = _respond(["https://player.example.com"])
    other = _respond(["https://video.example.org"])

    assert "https://player.example.com" in player and player == again
    assert player == build_policy(update={"frame-src": ["https://player.example.com"]})
    assert "https://video.example.org" in other and "player.example.com" not in other
    assert _respond() == plain and "player.example.com" not in plain
    # The plain policy, each player's and the report-only one: four builds for five pages.
    assert len(builds) == 4


@pytest.mark.django_db
def test_pages_carry_the_policy(client):
    assert client.get("/").headers["Content-Security-Policy"] == build_policy()
