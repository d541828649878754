"""The virtual meeting end to end, on a meeting under way, in Chromium with axe on every page.

A confirmed attendee reads their place in the tournament, watches a recording, opens a poster,
zooms it, asks its presenter a question, asks a booth to contact them (sharing their
institution, not their country) and finds their points risen by exactly what those four
things score. The presenter answers and the attendee reads the answer; the booth's staff
download the contact requests. A signed-in person without a registration is refused every page
and every file of the platform.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.exhibitors.models import Booth, BoothResource
from meetings.models import Meeting, Session
from meetings.posters.models import Poster
from meetings.tournament.models import Action, PointRule
from meetings.virtual.models import Recording
from tests.browser.journeys import sign_in, sign_out
from tests.factories import ProgramDayFactory, SessionFactory, UserFactory
from tests.factories.exhibitors import BoothFactory, booth_staff_of, pdf_resource
from tests.factories.meetings import SponsorTierFactory
from tests.factories.posterqa import PosterWithFilesFactory
from tests.factories.recordings import RecordingFactory
from tests.factories.virtual import (
    ConfirmedRegistrationFactory,
    TournamentFactory,
    VirtualMeetingFactory,
)
from tests.tournament.helpers import players_add

pytestmark = pytest.mark.django_db(transaction=True)

# What each action scores: every action has a rule, each a different number, so a sum can
# only come from the four actions of the journey.
POINTS = {
    Action.RECORDING_WATCHED: 11,
    Action.POSTER_OPEN: 5,
    Action.QUESTION_ASKED: 7,
    Action.BOOTH_VISIT: 3,
    Action.LIVE_ATTENDED: 13,
    Action.DAILY_ANSWER: 17,
}
JOURNEY_POINTS = sum(
    POINTS[action]
    for action in (
        Action.RECORDING_WATCHED,
        Action.POSTER_OPEN,
        Action.QUESTION_ASKED,
        Action.BOOTH_VISIT,
    )
)
REFUSED = "The virtual meeting is for registered attendees"
# Chromium logs the 403 of a refused page itself as a console error: expected on those pages.
FORBIDDEN_LOG = "the server responded with a status of 403"
INSTITUTION = "Cardiff University"
COUNTRY = "United Kingdom"


@dataclass
class Platform:
    meeting: Meeting
    session: Session
    recording: Recording
    poster: Poster
    booth: Booth
    resource: BoothResource
    attendee: object
    presenter: object
    booth_staffer: object
    outsider: object

    def path(self, rest: str = "") -> str:
        return f"/meetings/{self.meeting.slug}/{rest}"


def meeting_under_way() -> Platform:
    """A virtual meeting that began yesterday: a tournament scoring every action (one rival far
    ahead, two behind), a session with its recording, a poster with its files, a booth with a
    PDF and a staff member, and four accounts."""
    today = timezone.localdate()
    meeting = VirtualMeetingFactory(
        slug="cytokines-live",
        name="Cytokines Live",
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=2),
        status=Meeting.Status.CLOSED,
    )
    tournament = TournamentFactory(meeting=meeting)
    for action, points in POINTS.items():
        PointRule.objects.create(tournament=tournament, action=action, points=points)
    players_add(tournament, 1, points=JOURNEY_POINTS + 50, at=timezone.now())
    players_add(tournament, 2, points=1, at=timezone.now())

    session = SessionFactory(
        day=ProgramDayFactory(meeting=meeting, date=meeting.start_date),
        title="Interferons in the clinic",
    )
    recording = RecordingFactory(session=session, title="Interferons in the clinic: the recording")

    presenter = UserFactory(first_name="Imogen", last_name="Testwell")
    ConfirmedRegistrationFactory(meeting=meeting, user=presenter)
    poster = PosterWithFilesFactory(
        meeting=meeting, presenter=presenter, title="IFN-lambda guards the gut"
    )

    booth = BoothFactory(
        meeting=meeting,
        tier=SponsorTierFactory(meeting=meeting, name="Gold", rank=1),
        name="Example Reagents Ltd (fictional)",
    )
    attendee = UserFactory(first_name="Grace", last_name="Hopper")
    ConfirmedRegistrationFactory(
        meeting=meeting, user=attendee, affiliation=INSTITUTION, country="GB"
    )
    return Platform(
        meeting=meeting,
        session=session,
        recording=recording,
        poster=poster,
        booth=booth,
        resource=pdf_resource(booth, title="Product sheet"),
        attendee=attendee,
        presenter=presenter,
        booth_staffer=booth_staff_of(booth),
        outsider=UserFactory(email="not.registered@example.org"),
    )


# The attendee's steps.


def tournament_place_read(checked_page, platform: Platform):
    """Opens the tournament from the meeting's tabs; returns "Your place" on the page."""
    checked_page.goto(platform.path())
    checked_page.page.get_by_role("link", name="Tournament").first.click()
    checked_page.check()
    expect(checked_page.page.get_by_role("heading", name="Tournament", level=1)).to_be_visible()
    return checked_page.page.get_by_role("region", name="Your place").locator("p").first


def recording_watch(checked_page, platform: Platform) -> None:
    """From the on-demand library, opens the recording, then goes back to the library."""
    page = checked_page.page
    checked_page.goto(platform.path("on-demand/"))
    page.get_by_role("link", name=platform.recording.title).click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(platform.recording.title)
    expect(page.get_by_role("link", name=re.compile(r"^Watch the recording"))).to_be_visible()
    page.get_by_role("link", name="On demand").first.click()
    checked_page.check()


def poster_open_from_gallery(checked_page, platform: Platform) -> None:
    page = checked_page.page
    checked_page.goto(platform.path("posters/"))
    page.get_by_role("link", name=re.compile(platform.poster.title)).click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(platform.poster.title)


def poster_zoom(checked_page) -> None:
    """Zooms the poster with the buttons, then with the keys on the focused image."""
    page = checked_page.page
    image = page.locator("[data-zoom-image]")
    zoom_level = page.get_by_role("status").filter(has_text="Zoom")

    page.get_by_role("button", name="Zoom in").click()
    expect(zoom_level).to_have_text("Zoom 125%")
    assert "scale(1.25)" in image.evaluate("element => element.style.transform")
    page.get_by_role("button", name="Zoom out").click()
    expect(zoom_level).to_have_text("Zoom 100%")

    page.locator("[data-zoom-viewport]").focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    expect(zoom_level).to_have_text("Zoom 156%")
    page.keyboard.press("ArrowDown")
    assert re.search(r"translate\(0px, -\d", image.evaluate("element => element.style.transform"))
    page.keyboard.press("0")
    expect(zoom_level).to_have_text("Zoom 100%")
    assert image.evaluate("element => element.style.transform") == "translate(0px, 0px) scale(1)"


def question_ask(checked_page, text: str) -> None:
    page = checked_page.page
    page.get_by_label("Your question to the presenter").fill(text)
    page.get_by_role("button", name="Ask the presenter").click()
    checked_page.check()
    expect(page.get_by_role("region", name="Questions to the presenter")).to_contain_text(text)


def booth_contact_request(checked_page, platform: Platform):
    """Walks from the hall into the booth and asks to be contacted, sharing the institution
    and not the country; returns what the page says the booth sees."""
    page = checked_page.page
    checked_page.goto(platform.path("exhibitors/"))
    page.get_by_role("link", name="Example Reagents Ltd (fictional)").click()
    checked_page.check()
    page.get_by_label(f"My institution: {INSTITUTION}").check()
    expect(page.get_by_label(f"My country: {COUNTRY}")).not_to_be_checked()
    page.get_by_role("button", name="Send my request").click()
    checked_page.check()
    expect(page.get_by_text("Your request was sent.")).to_be_visible()
    return page.get_by_text("They see:")


def files_fetch(checked_page, platform: Platform) -> dict[str, tuple[int, bytes]]:
    """Every file of the platform, fetched as the signed-in person: {address: (status, body)}."""
    poster, booth = platform.poster, platform.booth
    paths = [
        platform.path(f"posters/{poster.pk}/preview.png"),
        platform.path(f"posters/{poster.pk}/thumbnail"),
        platform.path(f"posters/{poster.pk}/file"),
        platform.path(f"exhibitors/{booth.pk}/files/{platform.resource.pk}/"),
    ]
    fetched = {}
    for path in paths:
        response = checked_page.page.request.get(checked_page.base_url + path)
        fetched[path] = (response.status, response.body())
    return fetched


def stored_files(platform: Platform) -> list[bytes]:
    """The files as kept in private storage, in the order `files_fetch` fetches them."""
    fields = [
        platform.poster.preview,
        platform.poster.thumbnail,
        platform.poster.file,
        platform.resource.file,
    ]
    contents = []
    for field in fields:
        with field.open("rb") as handle:
            contents.append(handle.read())
    return contents


# The presenter's and the booth staff's steps.


def question_answer(checked_page, platform: Platform, answer: str) -> None:
    page = checked_page.page
    checked_page.goto(platform.path(f"posters/{platform.poster.pk}/"))
    page.get_by_label("Your answer").fill(answer)
    page.get_by_role("button", name="Answer", exact=True).click()
    checked_page.check()
    expect(page.get_by_text(f"The presenter\u2019s answer: {answer}")).to_be_visible()


def contact_requests_download(checked_page, platform: Platform) -> list[dict[str, str]]:
    """Opens the booth, its contact requests, and downloads them; returns the CSV's rows."""
    page = checked_page.page
    checked_page.goto(platform.path(f"exhibitors/{platform.booth.pk}/"))
    page.get_by_role("link", name="Contact requests for this booth").click()
    checked_page.check()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# The person without a registration.


def refused_page_expect(checked_page, path: str) -> None:
    page = checked_page.page
    response = page.goto(checked_page.base_url + path)
    assert response.status == 403, path
    checked_page.problems[:] = [p for p in checked_page.problems if FORBIDDEN_LOG not in p]
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(REFUSED)


def test_an_attendee_takes_part_in_the_virtual_meeting(checked_page):
    platform = meeting_under_way()
    attendee = platform.attendee
    page = checked_page.page

    # 1. The attendee signs in and reads their place in the tournament: none yet.
    sign_in(checked_page, attendee.email)
    expect(tournament_place_read(checked_page, platform)).to_have_text("You have no points yet.")

    # 2. Watches a recording; the library marks it watched.
    recording_watch(checked_page, platform)
    watched = page.get_by_role("listitem").filter(has_text=platform.recording.title)
    expect(watched.get_by_text("Watched", exact=True)).to_be_visible()

    # 3. Opens the poster from the gallery, zooms it, asks a question.
    poster_open_from_gallery(checked_page, platform)
    poster_zoom(checked_page)
    question_ask(checked_page, "Did you see the same in mice?")

    # 4. Asks the booth to contact them, sharing the institution and not the country.
    shared = booth_contact_request(checked_page, platform)
    expect(shared).to_have_text(
        "You asked Example Reagents Ltd (fictional) to contact you. They see: Grace Hopper, "
        f"{attendee.email}, {INSTITUTION}. Sending again updates your request."
    )

    # 5. The four things scored exactly their rules' points; a rival is far ahead.
    expect(tournament_place_read(checked_page, platform)).to_have_text(
        f"You are number 2 with {JOURNEY_POINTS} points."
    )
    # The platform's files are served to the attendee (the same addresses are refused below).
    assert [body for _, body in files_fetch(checked_page, platform).values()] == stored_files(
        platform
    )
    sign_out(checked_page)

    # 6. The presenter answers the question; the attendee reads the answer.
    sign_in(checked_page, platform.presenter.email)
    question_answer(checked_page, platform, "Yes, in germ-free mice too.")
    sign_out(checked_page)
    sign_in(checked_page, attendee.email)
    checked_page.goto(platform.path(f"posters/{platform.poster.pk}/"))
    question = page.locator(".poster-question").filter(has_text="Did you see the same in mice?")
    expect(question).to_contain_text("The presenter\u2019s answer: Yes, in germ-free mice too.")
    sign_out(checked_page)

    # 7. The booth's staff download the contact requests: the institution, not the country.
    sign_in(checked_page, platform.booth_staffer.email)
    rows = contact_requests_download(checked_page, platform)
    assert len(rows) == 1
    assert attendee.email in rows[0].values()
    assert INSTITUTION in rows[0].values()
    assert not any(COUNTRY in value or value == "GB" for value in rows[0].values())
    sign_out(checked_page)

    # 8. A signed-in person without a registration is refused every page and every file.
    sign_in(checked_page, platform.outsider.email)
    for path in [
        platform.path("on-demand/"),
        platform.path(f"on-demand/{platform.recording.pk}/"),
        platform.path(f"sessions/{platform.session.pk}/"),
        platform.path("posters/"),
        platform.path(f"posters/{platform.poster.pk}/"),
        platform.path("posters/vote/"),
        platform.path("exhibitors/"),
        platform.path(f"exhibitors/{platform.booth.pk}/"),
        platform.path("tournament/"),
    ]:
        refused_page_expect(checked_page, path)
    stored = stored_files(platform)
    for path, (status, body) in files_fetch(checked_page, platform).items():
        assert status == 403, path
        assert body not in stored, path
        assert REFUSED.encode() in body, path
