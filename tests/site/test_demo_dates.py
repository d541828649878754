"""The demo's news carries the dates the society's page gives it (30 August 2021) everywhere a
date is read, not the day the demo was loaded: the post, the feed and the sitemap."""

import xml.etree.ElementTree as ET  # nosec B405: parsing the site's own answers in a test

import pytest

from news import demo as news_demo

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SEED_DAY = "2021-08-30"


def test_the_demo_news_is_dated_as_the_seed_says_in_the_feed_and_the_sitemap(client):
    assert news_demo.load() == len(news_demo.POSTS)

    feed = ET.fromstring(client.get("/news/feed/").content)  # noqa: S314  # nosec B314
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(news_demo.POSTS)
    for entry in entries:
        assert entry.findtext(f"{ATOM}published").startswith(SEED_DAY)
        assert entry.findtext(f"{ATOM}updated").startswith(SEED_DAY)
        assert f",{SEED_DAY}:news/" in entry.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}updated").startswith(SEED_DAY)

    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314  # nosec B314
    news = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in sitemap.findall(f"{SITEMAP}url")
        if "/news/" in url.findtext(f"{SITEMAP}loc")
        and not url.findtext(f"{SITEMAP}loc").endswith("/news/")
    }
    assert len(news) == len(news_demo.POSTS)
    assert set(news.values()) == {SEED_DAY}
