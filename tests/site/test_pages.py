import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from icis.core.models import AuditEntry
from icis.site.models import Page
from tests.factories import PageFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

# The society's own pages sit beside the repository (../shared/seeds) on the project's machines.
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "icis-about-us.txt"


@pytest.fixture
def demo(demo_content):
    """The demo content, there when the test starts."""


def test_home_welcomes_visitors_and_invites_them_to_join(client, demo):
    response = client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Welcome to the International Cytokine &amp; Interferon Society" in html
    assert "1,250 scientists and physicians" in html
    assert "Join the society" in html
    assert "The next annual meeting" in html and "Example Meeting" in html
    assert "Latest news" in html
    for label in ("About", "Membership", "Meetings", "Awards", "News"):
        assert f">{label}</a>" in html


def test_every_navigation_link_leads_to_a_page(client, demo):
    html = client.get("/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', nav)

    assert len(links) == 5
    for link in links:
        assert client.get(link).status_code == 200, link


def test_about_shows_the_first_page_and_lists_the_others(client, demo):
    html = client.get("/about/").content.decode()

    assert "<h1>Who we are</h1>" in html
    assert "More than <strong>1,250 scientists and physicians</strong>" in html
    for title in ("Our mission", "A family of cytokine biologists", "Membership benefits"):
        assert title in html


def test_the_mission_page_lists_the_five_aims(client, demo):
    html = client.get("/about/mission/").content.decode()
    aims = re.search(r"<ol>(.*?)</ol>", html, re.S).group(1)
    assert aims.count("<li>") == 5


DEMO_FACTS = [
    "1,250",
    "Senior, Mid-Career, Young Investigator and Trainee awards",
    "Signals+ Newsletter",
    "autoimmune diseases, cancer, infectious diseases and inflammation",
    "chemokine",
]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_society_s_facts_are_on_its_pages(client, demo):
    site = _text(
        " ".join(
            client.get(url).content.decode()
            for url in ("/about/", "/about/mission/", "/about/family/", "/about/awards/")
        )
    )
    for fact in DEMO_FACTS:
        assert fact in site, f"{fact!r} is not on the site"


@pytest.mark.skipif(not SEED.exists(), reason="the society's seed pages are beside the repository")
def test_the_facts_are_the_society_s_own():
    seed = " ".join(SEED.read_text().split())
    for fact in DEMO_FACTS:
        assert fact in seed, f"{fact!r} is not in the society's About Us page"


def test_the_first_page_has_one_address(client, demo):
    response = client.get("/about/who-we-are/")
    assert response.status_code == 302
    assert response["Location"] == "/about/"


def test_unpublished_and_unknown_pages_are_not_found_in_the_site_layout(client, demo):
    PageFactory(slug="draft", is_published=False)

    for url in ("/about/draft/", "/about/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "We can't find that page" in response.content.decode()
        assert 'class="main-nav"' in response.content.decode()


def test_hostile_page_body_is_rendered_safe(client):
    PageFactory(slug="contact", body="Hi <script>alert('x')</script><img src=x onerror=alert(1)>")
    html = client.get("/about/contact/").content.decode()
    assert "<script>alert" not in html and "onerror" not in html


def test_load_demo_twice_changes_nothing_and_keeps_staff_edits(demo):
    Page.objects.filter(slug="mission").update(title="Our mission and aims")
    counts = (Page.objects.count(),)

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (Page.objects.count(),) == counts
    assert Page.objects.get(slug="mission").title == "Our mission and aims"


def test_staff_edit_a_page_in_the_admin_and_the_site_changes(client, admin_client_2fa, demo):
    page = Page.objects.get(slug="mission")
    response = admin_client_2fa.post(
        f"/admin/site_pages/page/{page.pk}/change/",
        {
            "title": "Our mission",
            "slug": "mission",
            "summary": page.summary,
            "body": "The society has **six** aims now.",
            "ordering": page.ordering,
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    assert (
        "The society has <strong>six</strong> aims now."
        in client.get("/about/mission/").content.decode()
    )
    entry = AuditEntry.objects.get(action="page.change")
    assert entry.object_label == "Our mission"
    assert entry.data == {"fields": ["body"]}


def test_admin_form_errors_are_shown_in_place(admin_client_2fa, demo):
    page = Page.objects.get(slug="mission")
    response = admin_client_2fa.post(
        f"/admin/site_pages/page/{page.pk}/change/",
        {"title": "", "slug": "who-we-are", "body": "x", "ordering": 1},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Page with this Slug already exists." in html


def test_about_and_home_query_counts_do_not_grow_with_pages(client):
    def grow(n):
        PageFactory.create_batch(n)

    assert_queries_at_sizes(expected=2, grow=grow, action=lambda: client.get("/about/"))
    # The pages, the current meeting, the latest news and the featured post.
    assert_queries_at_sizes(expected=4, grow=grow, action=lambda: client.get("/"))
    assert_queries_at_sizes(expected=2, grow=grow, action=lambda: client.get("/about/page-1/"))


@override_settings(ENVIRONMENT_BANNER="Development site.")
def test_development_banner_is_on_every_page(client, demo):
    for url in ("/", "/about/", "/accounts/login/", "/about/missing/"):
        assert 'class="environment-banner"' in client.get(url).content.decode()


def test_no_banner_without_one_configured(client, demo):
    assert "environment-banner" not in client.get("/").content.decode()
