"""Every public page names its one address (the canonical link, on the site's configured
origin, without tracking parameters, keeping a list's page number) and describes itself to
link previews (Open Graph and Twitter cards: title, description, type, address and a picture,
the page's own `og_image` or the society's)."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from icis.core.addresses import absolute_url, canonical_url
from meetings.models import Meeting
from tests.factories import PageFactory, post_create
from tests.factories.meetings import MeetingFactory
from tests.site.page_parts import page_parts

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.cytokinesociety.example"
SHARE_IMAGE = f"{ORIGIN}/static/img/share.png"


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.SITE_URL = ORIGIN


@pytest.fixture
def public_pages(db):
    PageFactory(slug="who-we-are", title="Who we are", summary="About the society.", ordering=1)
    PageFactory(slug="mission", title="Our mission", summary="What we do.", ordering=2)
    post_create(slug="meeting-news", title="Meeting news", summary="The meeting moves online.")
    MeetingFactory(slug="cytokines-2021", name="Cytokines 2021", status=Meeting.Status.PAST)
    return [
        "/",
        "/about/",
        "/about/mission/",
        "/news/",
        "/news/meeting-news/",
        "/meetings/",
        "/meetings/cytokines-2021/",
        "/meetings/cytokines-2021/program/",
        "/awards/",
        "/membership/",
        "/newsletter/",
        "/search/?q=cytokine",
    ]


def test_every_public_page_has_one_canonical_address_and_a_link_preview(client, public_pages):
    for path in public_pages:
        response = client.get(path, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, path
        parts = page_parts(response.content.decode())
        canonical = parts.links.get("canonical", [])
        assert canonical == [absolute_url(path.split("?")[0])], path
        assert parts.one_meta("og:url") == canonical[0], path
        assert parts.one_meta("og:title"), path
        assert parts.one_meta("og:description") == parts.one_meta("description"), path
        assert parts.one_meta("og:type") in ("website", "article"), path
        assert parts.one_meta("og:site_name") == "International Cytokine & Interferon Society"
        assert parts.one_meta("og:image") == SHARE_IMAGE, path
        assert parts.one_meta("og:image:width") == "1200"
        assert parts.one_meta("og:image:height") == "630"
        assert parts.one_meta("og:image:alt")
        assert parts.one_meta("twitter:card") == "summary_large_image"
        assert parts.one_meta("twitter:title") == parts.one_meta("og:title")
        assert parts.one_meta("twitter:image") == SHARE_IMAGE


def test_a_page_is_titled_by_its_own_name_and_the_home_page_by_the_society(client, public_pages):
    mission = page_parts(client.get("/about/mission/").content.decode())
    assert mission.title == "Our mission · ICIS"
    assert mission.one_meta("og:title") == "Our mission"
    assert mission.one_meta("og:description") == "What we do."
    home = page_parts(client.get("/").content.decode())
    assert home.one_meta("og:title") == "International Cytokine & Interferon Society"


def test_a_news_post_is_shared_as_an_article_with_its_date(client):
    post = post_create(slug="meeting-news", title="Meeting news", summary="Online this year.")
    parts = page_parts(client.get("/news/meeting-news/").content.decode())
    assert parts.one_meta("og:type") == "article"
    assert parts.one_meta("og:title") == "Meeting news"
    assert parts.one_meta("og:description") == "Online this year."
    published = parts.one_meta("article:published_time")
    assert published == post.publish_at.replace(microsecond=0).isoformat()


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/news/?utm_source=newsletter&utm_medium=email", "/news/"),
        ("/news/?fbclid=abc&page=2", "/news/?page=2"),
        ("/news/?page=1", "/news/"),
        ("/news/?page=abc", "/news/"),
        ("/news/?page=%C2%B2", "/news/"),
        ("/meetings/?gclid=1", "/meetings/"),
    ],
)
def test_the_canonical_address_drops_tracking_and_keeps_the_page_number(client, path, canonical):
    post_create()
    parts = page_parts(client.get(path).content.decode())
    assert parts.links["canonical"] == [f"{ORIGIN}{canonical}"]


def test_the_canonical_address_ignores_the_host_the_request_came_with(settings):
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/news/?page=3&ref=x", HTTP_HOST="icis.internal:8000")
    assert canonical_url(request) == f"{ORIGIN}/news/?page=3"


def test_a_page_s_own_picture_is_shared_instead_of_the_society_s():
    page = PageFactory(slug="mission", title="Our mission")
    request = RequestFactory().get("/about/mission/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    banner = {
        "url": "/media/meetings/banner.webp",
        "width": 1600,
        "height": 900,
        "alt": "The Cardiff waterfront at dusk",
    }
    html = render_to_string(
        "site/page.html", {"page": page, "about_pages": [page], "og_image": banner}, request
    )
    parts = page_parts(html)
    assert parts.one_meta("og:image") == f"{ORIGIN}/media/meetings/banner.webp"
    assert parts.one_meta("og:image:width") == "1600"
    assert parts.one_meta("og:image:height") == "900"
    assert parts.one_meta("og:image:alt") == "The Cardiff waterfront at dusk"
    assert parts.one_meta("twitter:image") == f"{ORIGIN}/media/meetings/banner.webp"
    assert parts.one_meta("twitter:image:alt") == "The Cardiff waterfront at dusk"
