"""The production WSGI application (icis/wsgi.py) answers a stored anonymous page from memory
without running Django, and only when the middleware would have given the same page: a
signed-in visitor, a message, a conditional GET, a write, a generation not read within the
second and an expired page all go through Django."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.signals import request_started
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icis.core import pagecache
from icis.wsgi import application
from news.models import Post
from tests.factories import post_create


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes, django: bool):
        self.status, self.headers, self.body, self.django = status, dict(headers), body, django


def wsgi(method: str, path: str, **headers) -> Answer:
    """One request through `icis.wsgi.application`, as gunicorn makes it; `django` says whether
    Django handled it (its request_started signal was sent)."""
    environ = RequestFactory().generic(method, path, **headers).environ
    started = []

    def on_start(**kwargs):
        started.append(True)

    request_started.connect(on_start)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=response_headers)

    try:
        result = application(environ, start_response)
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
    finally:
        request_started.disconnect(on_start)
    return Answer(answer["status"], answer["headers"], body, bool(started))


@pytest.fixture
def page_cache(page_cache):
    page_cache.PAGE_CACHE_GENERATION_CHECK_SECONDS = 3600  # a test moves the clock itself
    return page_cache


def a_second_passes() -> None:
    """What the check interval does with time: the generation must be read again."""
    pagecache.generation.checked_at -= 3600


def test_a_stored_page_is_answered_from_memory_with_the_same_headers(page_cache):
    post_create(title="Interferon news")
    first = wsgi("GET", "/news/")
    assert first.django and first.status == "200 OK" and b"Interferon news" in first.body
    with CaptureQueriesContext(connection) as queries:
        second = wsgi("GET", "/news/")
    assert not second.django and len(queries) == 0
    assert second.body == first.body and second.headers == first.headers
    assert second.headers["Cache-Control"] == "public, max-age=60"
    assert "Content-Security-Policy" in second.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_AUTHORIZATION": "Basic YTpi"},
        {"HTTP_IF_NONE_MATCH": '"x"'},
        {"HTTP_IF_MODIFIED_SINCE": "Sun, 29 Nov 2026 10:00:00 GMT"},
    ],
    ids=["session", "messages", "authorization", "if-none-match", "if-modified-since"],
)
def test_anything_but_a_plain_anonymous_get_goes_through_django(page_cache, headers):
    wsgi("GET", "/news/")
    assert wsgi("GET", "/news/", **headers).django


def test_head_and_other_addresses_go_through_django(page_cache):
    wsgi("GET", "/news/")
    assert wsgi("HEAD", "/news/").django
    assert wsgi("GET", "/news/?page=1").django  # a different page, not yet stored
    assert wsgi("GET", "/news/", HTTP_X_FORWARDED_PROTO="https").django


def test_a_host_the_site_does_not_serve_is_refused_as_before(page_cache):
    page_cache.ALLOWED_HOSTS = ["testserver"]
    wsgi("GET", "/news/")
    answer = wsgi("GET", "/news/", HTTP_HOST="evil.example")
    assert answer.django and answer.status.startswith("400")


def test_a_write_by_this_process_is_seen_on_the_next_request(page_cache):
    wsgi("GET", "/news/")
    wsgi("POST", "/newsletter/")  # any non-GET may have written: read the generation again
    post_create(title="Just written")
    answer = wsgi("GET", "/news/")
    assert answer.django and b"Just written" in answer.body


def test_an_edit_by_another_process_is_seen_once_the_second_is_over(page_cache):
    post = post_create(title="Old title")
    wsgi("GET", "/news/")
    Post.objects.filter(pk=post.pk).update(title="New title")  # as another worker would
    assert b"Old title" in wsgi("GET", "/news/").body  # within the second
    a_second_passes()
    answer = wsgi("GET", "/news/")
    assert answer.django and b"New title" in answer.body and b"Old title" not in answer.body
    assert not wsgi("GET", "/news/").django  # and the new page is served from memory


def test_a_scheduled_post_is_not_hidden_by_the_memory_path(page_cache):
    now = timezone.now()
    post_create(
        title="Due soon", status=Post.Status.SCHEDULED, publish_at=now + timedelta(minutes=3)
    )
    assert b"Due soon" not in wsgi("GET", "/news/").body
    later = now + timedelta(minutes=3, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        answer = wsgi("GET", "/news/")
    assert answer.django and b"Due soon" in answer.body


def test_the_max_age_shrinks_as_the_page_nears_its_expiry(page_cache):
    now = timezone.now()
    post_create(
        title="Due later", status=Post.Status.SCHEDULED, publish_at=now + timedelta(minutes=2)
    )
    wsgi("GET", "/news/")
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=90)):
        answer = wsgi("GET", "/news/")
    assert not answer.django
    max_age = int(answer.headers["Cache-Control"].split("max-age=")[1])
    assert 0 < max_age <= 30
