"""A confirmed attendee signs in, finds a recording in the on-demand library by its speaker,
opens it, goes to its session's page and back to the library, where it is marked watched.
Every page checked by axe."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.virtual.models import RecordingView
from tests.browser.journeys import sign_in
from tests.factories import ProgramDayFactory, SessionFactory
from tests.factories.recordings import PersonFactory, RecordingFactory, talk_with_speaker
from tests.factories.virtual import VirtualMeetingFactory, attendee_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attendee_finds_and_watches_a_recording(checked_page):
    today = timezone.localdate()
    meeting = VirtualMeetingFactory(
        slug="cytokines-2027",
        start_date=today - timedelta(days=10),
        end_date=today - timedelta(days=7),
    )
    day = ProgramDayFactory(meeting=meeting, date=meeting.start_date)
    for title, speaker in [("Interferons", "Dr Ada Lovell"), ("Cancer", "Dr Bo Crane")]:
        session = SessionFactory(day=day, title=f"{title} symposium", start_time=time(9))
        talk_with_speaker(session, speaker=PersonFactory(name=speaker))
        RecordingFactory(session=session, title=f"{title}: the recording")
    attendee = attendee_of(meeting, email="attendee@example.org")
    page = checked_page.page

    sign_in(checked_page, attendee.email)
    checked_page.goto("/meetings/cytokines-2027/on-demand/")
    expect(page.get_by_role("status")).to_have_text("2 recordings.")
    page.get_by_label("Speaker").select_option(label="Dr Bo Crane")
    page.get_by_role("button", name="Find recordings").click()
    checked_page.check()
    expect(page.get_by_role("status")).to_have_text("1 recording found.")

    page.get_by_role("link", name="Cancer: the recording").click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancer: the recording")
    player = page.get_by_role("link", name=re.compile(r"^Watch the recording"))
    expect(player).to_have_attribute("href", re.compile(r"^https://video\.example\.org/"))
    assert RecordingView.objects.filter(user=attendee).count() == 1

    page.get_by_role("link", name="Cancer symposium").click()
    checked_page.check()
    expect(page.get_by_text("This session has ended.")).to_be_visible()

    page.get_by_role("link", name="On demand").first.click()
    checked_page.check()
    watched = page.get_by_role("listitem").filter(has_text="Cancer: the recording")
    expect(watched.get_by_text("Watched", exact=True)).to_be_visible()
    assert not checked_page.unchecked()
