"""robots.txt and sitemap.xml: search engines are kept out of the staff, account and personal
addresses and told, on the site's configured origin, every page a visitor may read, with when
it last changed; drafts, scheduled posts not yet due, hidden awards and members-only issues
are never listed, also when the sitemap comes from the page cache."""

import xml.etree.ElementTree as ET  # nosec B405: parsing the site's own answer in a test
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from icis.core import pagecache
from icis.site.models import Page
from meetings.models import Meeting
from news.models import Post
from tests.factories import PageFactory, post_create
from tests.factories.awards import AwardProgramFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.news import NewsletterIssueFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.cytokinesociety.example"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.SITE_URL = ORIGIN


def sitemap(client, **headers) -> dict[str, str | None]:
    """The listed addresses, each with its lastmod (None when it has none)."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314  # nosec B314
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_robots_txt_keeps_crawlers_out_of_private_addresses_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/my/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines


def test_the_sitemap_lists_every_public_page_with_when_it_changed(client):
    PageFactory(slug="who-we-are", ordering=1)
    mission = PageFactory(slug="mission", ordering=2)
    post = post_create(slug="meeting-news", publish_at=datetime(2021, 8, 30, 9, tzinfo=UTC))
    Post.objects.filter(pk=post.pk).update(updated_at=datetime(2021, 8, 30, 9, tzinfo=UTC))
    meeting = MeetingFactory(slug="cytokines-2021", status=Meeting.Status.PAST)
    award = AwardProgramFactory(slug="lifetime-honorary-membership")
    NewsletterIssueFactory(number=12, is_published=True)

    urls = sitemap(client)

    assert f"{ORIGIN}/" in urls and f"{ORIGIN}/news/" in urls and f"{ORIGIN}/meetings/" in urls
    # The first About page is /about/ itself; its own address only redirects there.
    assert f"{ORIGIN}/about/" in urls and f"{ORIGIN}/about/who-we-are/" not in urls
    assert f"{ORIGIN}/about/mission/" in urls
    assert urls[f"{ORIGIN}/news/meeting-news/"] == "2021-08-30"
    for path in ("", "program/", "committees/", "sponsors/", "cme/"):
        assert f"{ORIGIN}/meetings/cytokines-2021/{path}" in urls
    assert urls[f"{ORIGIN}/meetings/cytokines-2021/"] == meeting.updated_at.date().isoformat()
    assert urls[f"{ORIGIN}/awards/lifetime-honorary-membership/"] == (
        award.updated_at.date().isoformat()
    )
    assert f"{ORIGIN}/newsletter/12/" in urls
    assert urls[f"{ORIGIN}/about/mission/"] == mission.updated_at.date().isoformat()


def test_drafts_hidden_things_and_members_only_issues_are_not_listed(client):
    PageFactory(slug="first", ordering=1)
    PageFactory(slug="unfinished", is_published=False)
    post_create(slug="draft-news", status=Post.Status.DRAFT)
    post_create(
        slug="tomorrows-news",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
    )
    MeetingFactory(slug="cytokines-2031", status=Meeting.Status.DRAFT)
    AwardProgramFactory(slug="retired-award", is_active=False)
    NewsletterIssueFactory(number=20, is_published=True, is_members_only=True)
    NewsletterIssueFactory(number=21, is_published=False)

    listed = "\n".join(sitemap(client))

    for hidden in (
        "/about/unfinished/",
        "/news/draft-news/",
        "/news/tomorrows-news/",
        "/meetings/cytokines-2031/",
        "/awards/retired-award/",
        "/newsletter/20/",
        "/newsletter/21/",
    ):
        assert hidden not in listed


def test_addresses_are_on_the_configured_origin_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    post_create(slug="some-news")
    urls = sitemap(client, HTTP_HOST="icis.internal:8000")
    assert f"{ORIGIN}/news/some-news/" in urls
    assert all(url.startswith(f"{ORIGIN}/") for url in urls)


def test_the_cached_sitemap_follows_edits_and_lists_a_scheduled_post_only_once_due(
    client, page_cache
):
    now = timezone.now()
    post_create(
        slug="due-soon", status=Post.Status.SCHEDULED, publish_at=now + timedelta(minutes=3)
    )
    PageFactory(slug="first", ordering=1)
    PageFactory(slug="second", ordering=2)

    before = len(pagecache.memory.entries)
    assert f"{ORIGIN}/news/due-soon/" not in sitemap(client)
    assert len(pagecache.memory.entries) == before + 1  # the sitemap was stored

    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=2)):
        assert f"{ORIGIN}/news/due-soon/" not in sitemap(client)
    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=3, seconds=1)
    ):
        assert f"{ORIGIN}/news/due-soon/" in sitemap(client)
        # An edit is seen on the next request: the unpublished page leaves the sitemap.
        Page.objects.filter(slug="second").update(is_published=False)
        assert f"{ORIGIN}/about/second/" not in sitemap(client)
