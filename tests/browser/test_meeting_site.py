"""A visitor in New York reads Cytokines 2021 (held in Europe/London), its committees and CME
statements, filters the program, sees each session in their own time and takes the program
home as iCalendar: in Chromium, every page checked by axe."""

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from playwright.sync_api import expect

from meetings import demo
from meetings.models import Meeting, Session
from tests.browser.conftest import CheckedPage

pytestmark = pytest.mark.django_db(transaction=True)

LONDON = ZoneInfo("Europe/London")
NOT_FOUND_LOG = "the server responded with a status of 404"


@pytest.fixture
def open_checked_page(browser, live_server):
    """Like conftest's `checked_page`, with the browser context's options as keywords
    (`timezone_id="America/New_York"`): the visitor's own time zone and so on."""
    contexts, pages = [], []

    def open_page(**options) -> CheckedPage:
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        checked = CheckedPage(page, live_server.url)
        pages.append(checked)
        return checked

    yield open_page
    for context in contexts:
        context.close()
    unchecked = [url for checked in pages for url in checked.unchecked()]
    assert not unchecked, f"pages loaded but never checked: {unchecked}"


def _calendar(download) -> tuple[bytes, Calendar]:
    data = Path(download.path()).read_bytes()
    return data, Calendar.from_ical(data)


def _events(calendar: Calendar) -> dict[str, Event]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_a_visitor_reads_the_meeting_filters_the_program_and_downloads_the_calendar(
    open_checked_page,
):
    demo.load()
    # en-US: a locale whose own habit is the 12-hour clock.
    checked_page = open_checked_page(timezone_id="America/New_York", locale="en-US")
    page = checked_page.page

    # No meeting is announced: the home page says so and leads to the latest one, past.
    checked_page.goto("/")
    card = page.get_by_role("region", name="The next annual meeting")
    expect(card).to_contain_text("The next meeting has not been announced yet.")
    expect(card).to_contain_text("The latest meeting was Cytokines 2021, 17–20 October 2021")
    card.get_by_role("link", name="Cytokines 2021", exact=True).click()
    checked_page.check()
    assert page.url.endswith("/meetings/cytokines-2021/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cytokines 2021: A Fully Virtual Experience"
    )

    notice = page.get_by_role("region", name="Cytokines 2021 is pivoting to fully virtual")
    expect(notice).to_contain_text("30 August 2021: Hybrid → Fully virtual")
    expect(notice).to_contain_text("will take place entirely online")
    expect(page.locator(".meeting-banner__facts")).to_contain_text("17–20 October 2021")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Sunday 17 October to Wednesday 20 October 2021 (Europe/London)")
    expect(facts).to_contain_text("Fully virtual")
    letter = page.get_by_role("region", name="The host's message, in summary")
    expect(letter).to_contain_text("Professor Simon A Jones of Cardiff University")
    expect(letter.locator(".signature")).to_have_count(0)
    summary = page.get_by_role("region", name="Accreditation and compliance")
    expect(summary).to_contain_text(
        "Accredited by the European Accreditation Council for Continuing Medical Education "
        "(EACCME®) with 18 European CME credits (ECMEC®s)."
    )
    expect(summary).to_contain_text(
        "Compliant with the MedTech Europe Code of Ethical Business Practice."
    )
    expect(page.get_by_role("region", name="Sponsors")).to_contain_text(
        "This Meeting is supported by a grant from Genentech, a member of the Roche Group."
    )

    # Committees, from the meeting's own tabs.
    tabs = page.get_by_role("navigation", name="Cytokines 2021")
    tabs.get_by_role("link", name="Committees").click()
    checked_page.check()
    expect(tabs.get_by_role("link", name="Committees")).to_have_attribute("aria-current", "page")
    local = page.get_by_role("region", name="Local Organizing Committee")
    expect(local.get_by_role("listitem")).to_have_count(5)
    expect(local.get_by_role("listitem").first).to_have_text(
        "Simon A Jones (Chair), Cardiff University, Wales, United Kingdom"
    )
    # The typographic apostrophe (U+2019), as the meeting page spells the name.
    expect(local).to_contain_text("Luke O\u2019Neill, Trinity College Dublin, Ireland")
    advisers = page.get_by_role("region", name="International Scientific Advisory Committee")
    expect(advisers.get_by_role("listitem")).to_have_count(23)
    expect(advisers).to_contain_text("Anne O\u2019Garra, Crick Institute, United Kingdom")

    # The program: four days, seven sessions, filtered down to the posters of Monday.
    tabs.get_by_role("link", name="Program").click()
    checked_page.check()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        [
            "Sunday 17 October 2021",
            "Monday 18 October 2021",
            "Tuesday 19 October 2021",
            "Wednesday 20 October 2021",
        ]
    )
    expect(page.locator(".session")).to_have_count(7)
    expect(
        page.get_by_text("Times are in the meeting's time zone, Europe/London (BST)")
    ).to_be_visible()

    page.get_by_role("combobox", name="Day").select_option(label="Monday 18 October")
    page.get_by_role("combobox", name="Session type").select_option(label="Poster session")
    page.get_by_role("button", name="Show").click()
    checked_page.check()
    assert "day=2021-10-18" in page.url and "kind=poster" in page.url
    expect(page.get_by_role("combobox", name="Day")).to_have_value("2021-10-18")
    expect(page.get_by_role("combobox", name="Session type")).to_have_value("poster")
    sessions = page.locator(".session")
    expect(sessions).to_have_count(1)
    poster = sessions.first
    expect(poster.get_by_role("heading", level=3)).to_have_text("iPoster session")

    # 15:30 in London (BST, UTC+1) is 10:30 in New York (EDT, UTC-4): both written 24-hour
    # with the zone named.
    times = poster.locator("[data-local-range]")
    expect(times).to_have_text("15:30–16:30 BST")
    expect(times.locator("time").first).to_have_attribute("datetime", "2021-10-18T15:30:00+01:00")
    expect(poster.locator(".local-time")).to_have_text(" (10:30–11:30 EDT your time)")
    expect(page.locator(".local-time-note")).to_be_visible()

    # The whole program as iCalendar, whatever the filter on the page.
    with page.expect_download() as whole_program:
        page.get_by_role("link", name="Add the whole program to your calendar (.ics)").click()
    assert whole_program.value.suggested_filename == "cytokines-2021-program.ics"
    data, calendar = _calendar(whole_program.value)
    events = _events(calendar)
    assert len(calendar.walk("VEVENT")) == 7
    assert len(events) == 7
    ipost = events["iPoster session"]
    assert ipost["DTSTART"].params["TZID"] == "Europe/London"
    assert ipost.decoded("DTSTART") == datetime(2021, 10, 18, 15, 30, tzinfo=LONDON)
    assert ipost.decoded("DTSTART").astimezone(UTC) == datetime(2021, 10, 18, 14, 30, tzinfo=UTC)
    assert ipost.decoded("DTEND").astimezone(UTC) == datetime(2021, 10, 18, 15, 30, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/London:20211018T153000" in data
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/London"]
    opening = events["Opening of Cytokines 2021"]
    assert opening.decoded("DTSTART") == datetime(2021, 10, 17, 13, 0, tzinfo=LONDON)

    # One session's own calendar holds that session alone.
    session = Session.objects.get(title="iPoster session")
    with page.expect_download() as one_session:
        # Chromium names the link "Add to calendar : iPoster session" (the hidden span is absolute).
        poster.get_by_role(
            "link", name=re.compile(r"^Add to calendar\s*: iPoster session$")
        ).click()
    assert one_session.value.suggested_filename == f"cytokines-2021-session-{session.pk}.ics"
    data, calendar = _calendar(one_session.value)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "iPoster session"
    assert str(event["UID"]) == f"session-{session.pk}@cytokines-2021.cytokinesociety.org"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2021, 10, 18, 14, 30, tzinfo=UTC)
    assert str(event["URL"]).endswith(f"/meetings/cytokines-2021/program/#session-{session.pk}")
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]

    # CME and compliance statements in full.
    tabs.get_by_role("link", name="CME and compliance").click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accreditation and compliance")
    accreditation = page.get_by_role("region", name="18 European CME credits (ECMEC®s)")
    expect(accreditation).to_contain_text(
        "The EACCME® has accredited Cytokines 2021 Hybrid: 9th Annual Meeting of the "
        "International Cytokine & Interferon Society, Cardiff, United Kingdom, "
        "17/10/2021-20/10/2021, with 18 European CME credits (ECMEC®s)."
    )
    compliance = page.get_by_role(
        "region", name="MedTech Europe Code of Ethical Business Practice: Compliant"
    )
    expect(compliance).to_contain_text(
        "Ethical MedTech has assessed the 9th Annual Meeting of the International Cytokine "
        "& Interferon Society, starting on 17-10-2021 in Cardiff, United Kingdom, as "
        "compliant with the MedTech Europe Code of Ethical Business Practice."
    )
    expect(compliance.locator("strong")).to_have_text("compliant")


def test_an_unknown_meeting_or_a_hostile_filter_is_handled_politely(checked_page):
    demo.load()
    page = checked_page.page

    response = page.goto(checked_page.base_url + "/meetings/no-such-meeting/")
    assert response.status == 404
    # Chromium logs the 404 of the page itself as a console error: expected here.
    checked_page.problems[:] = [p for p in checked_page.problems if NOT_FOUND_LOG not in p]
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()

    response = page.goto(
        checked_page.base_url + "/meetings/cytokines-2021/program/?day=not-a-date&kind=%3Cscript%3E"
    )
    assert response.status == 200
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Program")
    expect(page.locator(".session")).to_have_count(7)
    expect(page.get_by_role("heading", level=2)).to_have_count(4)
    expect(page.get_by_role("combobox", name="Day")).to_have_value("")
    expect(page.get_by_role("combobox", name="Session type")).to_have_value("")
    assert "<script>" not in page.content().split("</form>", 1)[-1]


def test_a_newcomer_finds_the_example_meeting_and_its_sold_out_category(open_checked_page):
    demo.load()
    demo.load_example()
    checked_page = open_checked_page(timezone_id="Asia/Tokyo", locale="en-US")
    page = checked_page.page

    checked_page.goto("/")
    card = page.get_by_role("region", name="The next annual meeting")
    example = Meeting.objects.get(slug=demo.EXAMPLE_SLUG)
    expect(card).to_contain_text("An example for trying registration, not a real event")
    card.get_by_role("link", name="Registration").click()
    checked_page.check()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Workshop and meeting")
    expect(page.get_by_role("link", name="Sign in to register")).to_be_visible()

    checked_page.goto("/meetings/")
    upcoming = page.get_by_role("region", name="Upcoming meetings")
    expect(upcoming.get_by_role("link", name=example.name)).to_be_visible()
    past = page.get_by_role("region", name="Past meetings")
    expect(past.get_by_role("link", name="Cytokines 2021")).to_be_visible()

    # A 09:00 London session is the evening in Tokyo, the same day.
    checked_page.goto(f"/meetings/{example.slug}/program/")
    opening = page.locator(".session").first
    expect(opening.locator("[data-local-range]")).to_have_text(
        re.compile(r"^09:00–10:30 (GMT|BST)$")
    )
    expect(opening.locator(".local-time")).to_have_text(
        re.compile(r"^ \((17|18):00–(18|19):30 GMT\+9 your time\)$")
    )
