"""After the decisions are released, a visitor finds an accepted poster on the public list by
searching for its Greek-letter title and opens its page; staff build the abstract book, watch
the progress bar move on its own and download the PDF. Every page checked by axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.abstracts.published import published_abstract
from tests.browser.abstracts_steps import build_the_book, find_on_public_list
from tests.browser.journeys import TOTP_SECRET, sign_in
from tests.conftest import enable_totp
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "IL-1\u03b2 drives IFN-\u03b3 in T_{H}17 cells"
SHOWN = "IL-1\u03b2 drives IFN-\u03b3 in TH17 cells"


def test_the_public_finds_an_accepted_poster_and_staff_build_the_book(checked_page):
    call = AbstractCallFactory(meeting__slug="cytokines-2027", meeting__name="Cytokines 2027")
    AbstractTopicFactory(call=call, name="Interferons and antiviral immunity", position=1)
    published_abstract(
        call, title="IL-1\u03b2 drives IFN-\u03b3 in T_{H}17 cells", board_number="P-12"
    )
    for number in range(30):
        published_abstract(call, title=f"Another study {number}", body="Text. " * 100)
    staff = UserFactory(email="abstracts.office@example.org", is_staff=True, is_superuser=True)
    enable_totp(staff, TOTP_SECRET)
    page = checked_page.page

    checked_page.goto("/meetings/cytokines-2027/abstracts/accepted/")
    expect(page.get_by_role("heading", name="Interferons and antiviral immunity")).to_be_visible()
    find_on_public_list(
        checked_page, meeting_slug="cytokines-2027", words="IL-1\u03b2", shown=SHOWN
    )
    expect(page.get_by_text("Poster, board P-12")).to_be_visible()

    sign_in(checked_page, staff.email, totp_secret=TOTP_SECRET)
    text = build_the_book(checked_page, call, abstracts=31)
    assert "IL-1\u03b2 drives IFN-\u03b3" in text
    assert re.search(r"Ada Okafor: A-\d{4}", text)
