"""The page cache for anonymous visitors is never wrong: a signed-in person, a message, a form
with a CSRF token are never stored or served; any committed change to public content (the
admin, a bulk update, raw SQL) is seen on the next request; a call that just closed stops
offering "Apply"; Redis down still serves pages; a hit costs no query."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icis.core import pagecache
from news.models import Post
from tests.factories import UserFactory, post_create
from tests.factories.awards import AwardCycleFactory, AwardProgramFactory

PASSWORD = "correct horse battery staple"


def get_stored(client, url: str) -> str:
    """The page, which the cache kept: the tests below would prove nothing otherwise."""
    before = len(pagecache.memory.entries)
    html = client.get(url).content.decode()
    assert len(pagecache.memory.entries) == before + 1
    return html


def test_an_anonymous_page_is_stored_and_served_public(client, page_cache):
    post_create(title="First news")
    first = client.get("/news/")
    assert first["Cache-Control"].startswith("public") and "max-age=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]  # a CDN never gives it to someone signed in
    assert pagecache.memory.entries
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/news/")
    assert second.content == first.content and "First news" in second.content.decode()
    # Only the generation is read: the page itself costs nothing.
    assert len(queries) == 1
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_hit_costs_no_query_when_the_generation_was_read_within_the_second(client, page_cache):
    page_cache.PAGE_CACHE_GENERATION_CHECK_SECONDS = 3600
    post_create(title="Cached news")
    client.get("/news/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/news/")
    assert "Cached news" in response.content.decode() and len(queries) == 0


def test_head_is_answered_from_the_stored_page(client, page_cache):
    client.get("/news/")
    with CaptureQueriesContext(connection) as queries:
        response = client.head("/news/")
    assert response.status_code == 200 and response.content == b"" and len(queries) == 1


def test_a_signed_in_person_never_gets_the_anonymous_copy_and_vice_versa(client, page_cache):
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    anonymous = get_stored(client, "/news/")
    assert "Lovelace" not in anonymous
    client.force_login(user)
    signed_in = client.get("/news/")
    assert "Sign out" in signed_in.content.decode() or "Ada" in signed_in.content.decode()
    assert signed_in.content.decode() != anonymous
    assert "public" not in signed_in.get("Cache-Control", "")
    client.logout()
    client.cookies.clear()
    assert client.get("/news/").content.decode() == anonymous


def test_a_page_read_by_a_signed_in_person_is_not_stored_for_visitors(client, page_cache):
    client.force_login(UserFactory(first_name="Grace", last_name="Hopper"))
    client.get("/news/")
    assert not pagecache.memory.entries
    client.logout()
    client.cookies.clear()
    assert "Hopper" not in client.get("/news/").content.decode()


def test_a_message_is_shown_and_never_stored(client, page_cache):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    get_stored(client, "/news/")
    carrier = HttpResponse()
    CookieStorage(HttpRequest())._store([Message(constants.SUCCESS, "Saved, thank you")], carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    assert "Saved, thank you" in client.get("/news/").content.decode()
    client.cookies.clear()
    assert "Saved, thank you" not in client.get("/news/").content.decode()


def test_a_page_with_a_csrf_token_is_never_stored(client, page_cache):
    page_cache.ROOT_URLCONF = "tests.core.pagecache_urls"
    first = client.get("/test-form/")
    token = first.cookies["csrftoken"].value
    assert not pagecache.memory.entries and "public" not in first.get("Cache-Control", "")
    other = type(client)()
    second = other.get("/test-form/")
    assert second.cookies["csrftoken"].value != token
    assert token not in second.content.decode()


def test_an_admin_edit_is_seen_on_the_next_anonymous_request(client, page_cache):
    from tests.conftest import enable_totp, sign_in_with_two_factor

    post = post_create(title="Before the edit")
    assert "Before the edit" in get_stored(client, "/news/")
    staff = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(staff)
    admin = type(client)()
    sign_in_with_two_factor(admin, staff)
    moment = timezone.localtime(post.publish_at)
    data = {
        "title": "After the edit",
        "slug": post.slug,
        "summary": post.summary,
        "body": post.body,
        "status": post.status,
        "publish_at_0": moment.date().isoformat(),
        "publish_at_1": moment.strftime("%H:%M:%S"),
        "category": post.category,
        "hero_image_alt": "",
    }
    response = admin.post(f"/admin/news/post/{post.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    html = client.get("/news/").content.decode()
    assert "After the edit" in html and "Before the edit" not in html


def test_a_bulk_update_and_a_raw_delete_are_seen(client, page_cache):
    post = post_create(title="Bulk before")
    assert "Bulk before" in get_stored(client, "/news/")
    Post.objects.filter(pk=post.pk).update(title="Bulk after")
    assert "Bulk after" in client.get("/news/").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM news_post WHERE id = %s", [post.pk])
    assert "Bulk after" not in client.get("/news/").content.decode()


def test_a_call_that_just_closed_no_longer_offers_apply(client, page_cache):
    now = timezone.now()
    program = AwardProgramFactory(slug="young-investigator")
    AwardCycleFactory(
        program=program, opens_at=now - timedelta(days=7), closes_at=now + timedelta(minutes=5)
    )
    url = "/awards/young-investigator/"
    assert ">Apply</a>" in get_stored(client, url)
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=4)):
        assert ">Apply</a>" in client.get(url).content.decode()
    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=5, seconds=1)
    ):
        assert ">Apply</a>" not in client.get(url).content.decode()


def test_a_view_that_names_its_next_change_is_kept_until_then(client, page_cache):
    from tests.core import pagecache_urls

    page_cache.ROOT_URLCONF = "tests.core.pagecache_urls"
    now = timezone.now()
    pagecache_urls.DEADLINE["at"] = now + timedelta(minutes=2)
    assert get_stored(client, "/test-deadline/") == "Open: send yours"
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=1)):
        assert client.get("/test-deadline/").content == b"Open: send yours"
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=2)):
        assert client.get("/test-deadline/").content == b"Closed"


def test_a_scheduled_post_appears_when_its_time_comes(client, page_cache):
    now = timezone.now()
    post_create(
        title="Scheduled news", status=Post.Status.SCHEDULED, publish_at=now + timedelta(minutes=3)
    )
    assert "Scheduled news" not in get_stored(client, "/news/")
    # Well within the ten minutes a page is kept at most.
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=2)):
        assert "Scheduled news" not in client.get("/news/").content.decode()
    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=3, seconds=1)
    ):
        assert "Scheduled news" in client.get("/news/").content.decode()


def test_redis_down_still_serves_pages(client, page_cache, settings):

    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    post_create(title="Without Redis")
    for _ in range(2):
        response = client.get("/news/")
        assert pagecache.memory.entries
        assert response.status_code == 200 and "Without Redis" in response.content.decode()


def test_the_feed_answers_304_to_a_reader_that_has_it(client, page_cache):
    post_create(title="Feed news")
    first = client.get("/news/feed/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get("/news/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get("/news/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    post_create(title="Newer news")
    assert client.get("/news/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_feed_answers_304_without_the_page_cache(client, db):
    post_create(title="Feed news")
    first = client.get("/news/feed/")
    assert client.get("/news/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
