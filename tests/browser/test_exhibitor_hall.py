"""An attendee walks the exhibitor hall in Chromium: opens a booth from the hall, asks to be
contacted sharing only their country, sees what the booth sees, withdraws; then the booth's
staff member (who does not attend) reads the booth's requests. Every page checked by axe."""

import pytest
from playwright.sync_api import expect

from meetings.exhibitors.models import Lead
from tests.browser.journeys import sign_in, sign_out
from tests.factories.exhibitors import BoothFactory, BoothLinkFactory, booth_staff_of
from tests.factories.meetings import SponsorTierFactory
from tests.factories.virtual import VirtualMeetingFactory, attendee_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attendee_asks_a_booth_to_contact_them_and_its_staff_read_it(checked_page):
    meeting = VirtualMeetingFactory()
    tier = SponsorTierFactory(meeting=meeting, name="Gold", rank=1)
    booth = BoothFactory(meeting=meeting, tier=tier, name="Example Reagents Ltd (fictional)")
    BoothLinkFactory(booth=booth, title="Catalogue")
    attendee = attendee_of(meeting, first_name="Grace", last_name="Hopper")
    staffer = booth_staff_of(booth)
    page = checked_page.page

    sign_in(checked_page, attendee.email)
    checked_page.goto(f"/meetings/{meeting.slug}/exhibitors/")
    expect(page.get_by_role("heading", name="Gold")).to_be_visible()
    page.get_by_role("link", name="Example Reagents Ltd (fictional)").click()
    checked_page.check()
    expect(page.get_by_role("link", name="Catalogue")).to_be_visible()
    page.get_by_label("My country: United Kingdom").check()
    page.get_by_label("Message (optional)").fill("Please send the catalogue.")
    page.get_by_role("button", name="Send my request").click()
    checked_page.check()
    expect(page.get_by_text("Your request was sent.")).to_be_visible()
    expect(page.get_by_text("They see: Grace Hopper")).to_be_visible()
    assert Lead.objects.get().institution == ""

    page.get_by_role("button", name="Withdraw my request").click()
    checked_page.check()
    assert not Lead.objects.exists()
    page.get_by_role("button", name="Send my request").click()
    checked_page.check()
    sign_out(checked_page)

    sign_in(checked_page, staffer.email)
    checked_page.goto(f"/meetings/{meeting.slug}/exhibitors/{booth.pk}/")
    page.get_by_role("link", name="Contact requests for this booth").click()
    checked_page.check()
    expect(page.get_by_role("cell", name=attendee.email)).to_be_visible()
