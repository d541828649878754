"""Pictures on the pages: the leadership and partners pages, the meeting's banner (eager, and
shared as og_image), sponsor logos by tier on the sponsors and home pages, all written with
width, height, alt, srcset and lazy loading below the fold; exact query counts."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from icis.site.models import LeadershipTerm
from meetings import demo as meetings_demo
from meetings.models import Meeting, Partner
from tests.factories import MeetingFactory, SponsorFactory, SponsorTierFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def png(size=(1000, 400)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="picture.png")


def img_tags(html: str) -> list[str]:
    """The pictures of the page's content (the header's logo aside)."""
    main = re.search(r"<main\b.*?</main>", html, re.S)
    return re.findall(r"<img\b[^>]*>", main.group(0) if main else html)


def attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))


def term(name="Alex Example", role="President", body="officer", start=None, end=None, **kw):
    today = timezone.localdate()
    return LeadershipTerm.objects.create(
        name=name,
        role=role,
        body=body,
        institution="Example University",
        term_start=start or today - timedelta(days=30),
        term_end=end,
        **kw,
    )


def test_the_leadership_page_shows_officers_council_and_past_terms(client):
    today = timezone.localdate()
    term(photo=png((600, 600)), photo_alt="Portrait of Alex Example")
    term("Casey Council", "Councillor", "council", end=today)  # serves to the end of today
    term("Taylor Former", "President", start=date(2020, 1, 1), end=today - timedelta(days=1))
    term("Future Person", "Treasurer", start=today + timedelta(days=1))

    html = client.get("/about/leadership/").content.decode()

    officers = html[html.index('id="officers-title"') : html.index('id="council-title"')]
    council = html[html.index('id="council-title"') : html.index('id="past-title"')]
    past = html[html.index('id="past-title"') :]
    assert "Alex Example" in officers and "President" in officers
    assert "Example University" in officers
    assert "Casey Council" in council and "Taylor Former" not in council
    assert "Taylor Former" in past and "Past officers and council" in past
    assert "Future Person" not in html  # a term not yet begun is not shown
    (photo,) = img_tags(officers)
    shown = attrs(photo)
    assert shown["alt"] == "Portrait of Alex Example"
    assert (shown["width"], shown["height"]) == ("600", "600")
    assert shown["loading"] == "lazy" and shown["decoding"] == "async"
    assert "-400w.webp 400w" in shown["srcset"] and shown["sizes"]


def test_the_leadership_page_reads_its_terms_in_one_query_at_any_size(client):
    def grow(n):
        for i in range(n):
            term(f"Officer {i}", photo=png((500, 500)), photo_alt=f"Portrait {i}")
            term(f"Past {i}", start=date(2019, 1, 1), end=date(2020, 12, 31))

    # The session is not read for anonymous visitors: the About pages (1) and the terms (1).
    assert_queries_at_sizes(
        expected=2, grow=grow, action=lambda: client.get("/about/leadership/"), sizes=(2, 12)
    )


def test_the_partners_page_lists_shown_partners_with_their_logos(client):
    Partner.objects.create(
        name="Example Foundation",
        website="https://example.org/",
        logo=png((480, 160)),
        logo_alt="Example Foundation",
    )
    Partner.objects.create(name="Hidden Partner", is_active=False)

    html = client.get("/about/partners/").content.decode()

    assert "Example Foundation" in html and "Hidden Partner" not in html
    (logo,) = img_tags(html)
    assert attrs(logo)["alt"] == "Example Foundation"
    assert (attrs(logo)["width"], attrs(logo)["height"]) == ("480", "160")


def test_the_partners_page_reads_partners_in_one_query_at_any_size(client):
    def grow(n):
        for i in range(n):
            Partner.objects.create(name=f"Partner {i}", logo=png((300, 100)), logo_alt=f"P {i}")

    assert_queries_at_sizes(
        expected=2, grow=grow, action=lambda: client.get("/about/partners/"), sizes=(2, 12)
    )


def test_a_partner_website_must_be_https(admin_client_2fa):
    response = admin_client_2fa.post(
        "/admin/meetings/partner/add/",
        {"name": "Plain", "website": "http://example.org/", "ordering": "1"},
    )

    assert response.status_code == 200
    assert "Enter a full https:// address" in response.content.decode()
    assert not Partner.objects.exists()


@pytest.fixture
def cytokines(db):
    meetings_demo.load()
    meeting = Meeting.objects.get(slug=meetings_demo.SLUG)
    meetings_demo.load_pictures(meeting)
    return Meeting.objects.get(pk=meeting.pk)


def test_the_meeting_banner_is_eager_and_shared_and_its_partners_shown(client, cytokines):
    Partner.objects.create(name="Not Tied Partner", website="https://example.org/")

    response = client.get(f"/meetings/{cytokines.slug}/")
    html = response.content.decode()

    tags = img_tags(html)
    banner = attrs(tags[0])
    assert "hero-image" in banner["class"]
    assert banner["loading"] == "eager" and banner["fetchpriority"] == "high"
    assert (banner["width"], banner["height"]) == ("1600", "500")
    assert banner["alt"].startswith("Cytokines 2021, Cardiff")
    assert "-800w.webp 800w" in banner["srcset"]
    # Everything after the banner is below the fold: lazy.
    assert all(attrs(tag)["loading"] == "lazy" for tag in tags[1:])
    og = response.context["og_image"]
    assert (og.url, og.width, og.height) == (cytokines.hero_image.url, 1600, 500)
    assert og.alt == cytokines.hero_image_alt
    partners = html[html.index('id="partners-title"') :]
    assert "Society Partners" in partners
    assert "Example Cytokine Foundation (fictional)" in partners
    assert "Not Tied Partner" not in html


def _tiered_sponsors(meeting, n):
    gold = SponsorTierFactory(meeting=meeting, name=f"Gold {n}", rank=1)
    for i in range(n):
        SponsorFactory(
            meeting=meeting,
            tier=gold,
            name=f"Sponsor {n}-{i}",
            logo=png((300, 100)),
            logo_alt=f"Sponsor {n}-{i}",
        )


def test_the_sponsors_page_shows_logos_and_partners_in_constant_queries(client, cytokines):
    url = f"/meetings/{cytokines.slug}/sponsors/"
    html = client.get(url).content.decode()
    logos = [attrs(tag) for tag in img_tags(html)]
    # The three fictional partners' logos; each card names its partner in its heading, so
    # the logo beside it is decorative (alt="").
    assert len(logos) == 3
    assert {logo["loading"] for logo in logos} == {"lazy"}
    assert {(logo["width"], logo["height"], logo["alt"]) for logo in logos} == {("480", "160", "")}
    assert "Society Partners" in html

    # meeting with grants, sponsors (with tiers) and partners: 4; the announcement banner's
    # read and the session-less request add none.
    assert_queries_at_sizes(
        expected=4,
        grow=lambda n: _tiered_sponsors(cytokines, n),
        action=lambda: client.get(url),
        sizes=(2, 12),
    )


def test_the_home_page_thanks_the_meetings_sponsors_by_tier(client):
    meeting = MeetingFactory(
        start_date=timezone.localdate() + timedelta(days=60),
        end_date=timezone.localdate() + timedelta(days=63),
        status=Meeting.Status.ANNOUNCED,
    )
    silver = SponsorTierFactory(meeting=meeting, name="Silver", rank=2)
    gold = SponsorTierFactory(meeting=meeting, name="Gold", rank=1)
    SponsorFactory(
        meeting=meeting, tier=silver, name="Lab Co", logo=png((300, 100)), logo_alt="Lab Co"
    )
    SponsorFactory(
        meeting=meeting, tier=gold, name="Example Bio", logo=png((300, 100)), logo_alt="Example Bio"
    )

    html = client.get("/").content.decode()

    section = html[html.index('id="home-sponsors-title"') :]
    assert f"Thank you to the sponsors of {meeting.name}" in section
    assert (
        section.index("Gold")
        < section.index('alt="Example Bio"')
        < section.index("Silver")
        < section.index('alt="Lab Co"')
    )
    for tag in img_tags(section):
        assert attrs(tag)["loading"] == "lazy" and attrs(tag)["width"] == "300"


def test_the_home_page_reads_the_sponsors_in_one_query_at_any_size(client):
    meeting = MeetingFactory(
        start_date=timezone.localdate() + timedelta(days=60),
        end_date=timezone.localdate() + timedelta(days=63),
        status=Meeting.Status.ANNOUNCED,
    )

    # The meetings, the sponsors with their tiers, the About pages, the news and featured post.
    assert_queries_at_sizes(
        expected=5,
        grow=lambda n: _tiered_sponsors(meeting, n),
        action=lambda: client.get("/"),
        sizes=(2, 12),
    )
