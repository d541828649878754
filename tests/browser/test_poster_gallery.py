"""An attendee finds a poster in the gallery, zooms and moves it with the keyboard and the
buttons, asks the presenter a question and votes for the best poster. Every page checked by
axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import sign_in
from tests.factories import UserFactory
from tests.factories.posterqa import PosterWithFilesFactory, VoteCategoryFactory
from tests.factories.virtual import ConfirmedRegistrationFactory, VirtualMeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attendee_zooms_a_poster_asks_and_votes(checked_page):
    meeting = VirtualMeetingFactory(slug="cytokines-2027", name="Cytokines 2027")
    poster = PosterWithFilesFactory(
        meeting=meeting, title="IFN-lambda guards the gut", topic="Interferons"
    )
    PosterWithFilesFactory(meeting=meeting, title="CXCL10 in the lung", topic="Chemokines")
    VoteCategoryFactory(meeting=meeting, name="Best trainee poster")
    attendee = UserFactory(email="poster.reader@example.org")
    ConfirmedRegistrationFactory(meeting=meeting, user=attendee)
    page = checked_page.page

    sign_in(checked_page, attendee.email)
    checked_page.goto("/meetings/cytokines-2027/posters/")
    page.get_by_label("Topic").select_option("Interferons")
    page.get_by_role("button", name="Find posters").click()
    checked_page.check()
    expect(page.get_by_text("CXCL10 in the lung")).to_have_count(0)
    page.get_by_role("link", name=re.compile("IFN-lambda guards the gut")).click()
    checked_page.check()

    image = page.locator("[data-zoom-image]")
    viewport = page.locator("[data-zoom-viewport]")
    expect(page.get_by_role("button", name="Zoom in")).to_be_visible()
    viewport.focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    expect(page.get_by_role("status").filter(has_text="Zoom")).to_have_text("Zoom 156%")
    page.keyboard.press("ArrowRight")
    assert "translate(-" in image.evaluate("element => element.style.transform")
    page.keyboard.press("0")
    expect(page.get_by_role("status").filter(has_text="Zoom")).to_have_text("Zoom 100%")
    page.get_by_role("button", name="Zoom in").click()
    expect(page.get_by_role("status").filter(has_text="Zoom")).to_have_text("Zoom 125%")

    page.get_by_label("Your question to the presenter").fill("Did you see it in mice?")
    page.get_by_role("button", name="Ask the presenter").click()
    checked_page.check()
    expect(page.get_by_text("Did you see it in mice?")).to_be_visible()

    checked_page.goto("/meetings/cytokines-2027/posters/vote/")
    page.get_by_label(re.compile("IFN-lambda guards the gut")).check()
    page.get_by_role("button", name="Vote").click()
    checked_page.check()
    expect(page.get_by_text(f"You voted for {poster.board_number}")).to_be_visible()
