"""A presenter uploads their poster from their account, waits for its preview, and adds a
time to meet attendees at it. In Chromium, every page checked by axe."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from meetings.posters import previews
from meetings.posters.models import Poster
from tests.browser.journeys import sign_in
from tests.factories import UserFactory
from tests.factories.virtual import PosterFactory, VirtualMeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 1700), (31, 95, 139)).save(out, "PNG")
    return out.getvalue()


def test_a_presenter_uploads_the_poster_and_sees_its_preview(checked_page):
    meeting = VirtualMeetingFactory(name="Cytokines Online", time_zone="Europe/London")
    presenter = UserFactory(first_name="Imogen", last_name="Testwell")
    poster = PosterFactory(meeting=meeting, presenter=presenter, title="IFN-\u03bb at the gut")
    page = checked_page.page

    sign_in(checked_page, presenter.email)
    page.get_by_role("link", name="My account").click()
    checked_page.check()
    page.get_by_role("navigation", name="Your membership").get_by_role(
        "link", name="Posters"
    ).click()
    checked_page.check()
    page.get_by_role("link", name="IFN-\u03bb at the gut").click()
    checked_page.check()
    expect(page.get_by_text("No file is uploaded yet.")).to_be_visible()

    page.get_by_label("Poster file").set_input_files(
        {"name": "poster.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_role("button", name="Upload the poster").click()
    checked_page.check()
    expect(page.locator("#preview-state")).to_contain_text("Waiting to be processed")

    file_name = Poster.objects.get(pk=poster.pk).file.name
    previews.preview_make(poster_id=poster.pk, file_name=file_name)  # as the worker does
    page.get_by_role("link", name="Refresh").click()
    checked_page.check()
    expect(page.locator("#preview-state")).to_contain_text("Ready")
    expect(page.get_by_role("img", name="Preview of your poster")).to_be_visible()

    day = (meeting.start_date + timedelta(days=1)).isoformat()
    page.get_by_label("Starts").first.fill(f"{day}T13:00")
    page.get_by_label("Ends").first.fill(f"{day}T13:45")
    page.get_by_label("Where (optional)").first.fill("Video room 2")
    page.get_by_role("button", name="Save the times").click()
    checked_page.check()
    expect(page.get_by_text("The meet-the-presenter times are saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Add these times to your calendar (.ics)")).to_be_visible()
