"""The home page and the meetings page with the demo loaded: the example meeting is next,
Cytokines 2021 is past, and the example's sold-out category offers its waitlist."""

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings import demo as meetings_demo
from meetings.models import Meeting, Registration, RegistrationSettings
from tests.factories import MeetingFactory, UserFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


def _load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo(demo_content):
    """The demo content, there when the test starts."""


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return _text(found.group(1))


def test_the_home_page_names_the_example_meeting_as_next(client, demo):
    example = Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG)
    card = _section(client.get("/").content.decode(), "next-meeting-title")
    assert card.startswith("The next annual meeting")
    assert example.name in card and "not a real event" in card
    assert "Cytokines 2021" not in card


def test_the_meetings_page_lists_the_example_as_upcoming_and_2021_as_past(client, demo):
    html = client.get("/meetings/").content.decode()
    upcoming, past = _section(html, "upcoming-title"), _section(html, "past-title")
    assert "Example Meeting" in upcoming and "Cytokines 2021" not in upcoming
    assert "Cytokines 2021" in past and "Example Meeting" not in past


def test_the_example_meeting_is_open_with_member_and_non_member_rates(client, demo):
    example = Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG)
    assert example.status == Meeting.Status.REGISTRATION_OPEN and example.currency == "USD"
    assert list(example.fee_windows.values_list("name", flat=True)) == ["Early bird", "Regular"]
    member, non_member = (
        example.categories.get(slug="member"),
        example.categories.get(slug="non-member"),
    )
    assert member.requires_membership and not non_member.requires_membership
    html = client.get(f"/meetings/{example.slug}/register/").content.decode()
    assert "$300.00" in html and "$600.00" in html  # early-bird member and non-member rates
    assert "This is an example meeting, not a real event." in _text(
        client.get(example.get_absolute_url()).content.decode()
    )


def test_the_register_page_shows_the_sold_out_category_and_its_waitlist(client, demo):
    example = Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG)
    workshop = example.categories.get(slug=meetings_demo.EXAMPLE_SOLD_OUT)
    assert Registration.objects.filter(category=workshop, status="confirmed").count() == 3
    client.force_login(UserFactory())
    register = f"/meetings/{example.slug}/register/"
    # Before typing anything, the page says it is sold out and offers the waitlist.
    page = client.get(register).content.decode()
    assert "Workshop and meeting (sold out" in page
    assert "Join the waitlist for Workshop and meeting" in page
    html = client.post(
        register,
        {
            "category": workshop.slug,
            "badge_name": "Ada Lovelace",
            "affiliation": "Analytical Engines",
            "country": "GB",
        },
    ).content.decode()
    assert "The Workshop and meeting rate is sold out." in html
    assert "Join the waitlist for Workshop and meeting" in html


def test_loading_the_demo_again_changes_nothing(client, demo):
    counts = (Meeting.objects.count(), Registration.objects.count())
    example = Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG)
    _load_demo()
    assert (Meeting.objects.count(), Registration.objects.count()) == counts
    assert Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG).start_date == example.start_date


def test_the_example_meeting_s_dates_count_from_the_day_it_is_loaded(db):
    assert meetings_demo.load_example(today=date(2030, 1, 10))
    example = Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG)
    assert (example.start_date, example.end_date) == (date(2030, 5, 10), date(2030, 5, 12))
    assert example.name == "Example Meeting 2030"
    windows = list(example.fee_windows.values_list("ends_on", flat=True))
    assert windows == [date(2030, 2, 9), date(2030, 5, 9)]
    assert RegistrationSettings.objects.get(meeting=example).access_published


def test_with_no_meeting_announced_the_home_page_says_so_and_shows_the_last_one(client, db):
    meetings_demo.load()
    # Flagged current, but over: the flag does not make it next.
    Meeting.objects.filter(slug=meetings_demo.SLUG).update(is_current=True)
    card = _section(client.get("/").content.decode(), "next-meeting-title")
    assert "The next meeting has not been announced yet." in card
    assert "The latest meeting was Cytokines 2021 , 17–20 October 2021, Cardiff" in card


def test_the_home_page_s_queries_do_not_grow_with_the_meetings(client, demo):
    today = timezone.localdate()

    def grow(n):
        for _ in range(n):
            k = Meeting.objects.count()
            start = today + timedelta(days=(k * 60) * (-1 if k % 2 else 1))
            MeetingFactory(
                edition=k,
                name=f"Meeting {k}",
                slug=f"meeting-{k}",
                start_date=start,
                end_date=start + timedelta(days=3),
                status=Meeting.Status.ANNOUNCED,
            )

    # The meetings, the shown meeting's sponsors (with their tiers), the About pages, the
    # latest news and the featured post.
    assert_queries_at_sizes(expected=5, grow=grow, action=lambda: client.get("/"))


def test_a_newcomer_can_take_a_place_at_the_example_meeting(client, demo):
    example = Meeting.objects.get(slug=meetings_demo.EXAMPLE_SLUG)
    client.force_login(UserFactory())
    response = client.post(
        f"/meetings/{example.slug}/register/",
        {
            "category": "non-member",
            "badge_name": "Ada Lovelace",
            "affiliation": "Analytical Engines",
            "country": "GB",
        },
    )
    held = Registration.objects.get(meeting=example, badge_name="Ada Lovelace")
    assert response.status_code == 302 and response["Location"] == held.payment.get_pay_url()
    assert (held.status, held.fee_window, held.amount) == ("pending", "Early bird", 60000)
    assert (held.payment.amount, held.payment.currency) == (60000, "USD")
