"""After the decisions are released, a visitor finds an accepted poster on the public list by
searching for its Greek-letter title and opens its page; staff build the abstract book, watch
the progress bar move on its own and download the PDF. Every page checked by axe."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect
from pypdf import PdfReader

from icis.celery import app as celery_app
from tests.abstracts.published import published_abstract
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
    page.get_by_label("Words to find").fill("IL-1\u03b2")
    page.get_by_role("button", name="Search abstracts").click()
    checked_page.check()
    expect(page.get_by_role("status")).to_have_text("1 abstract found.")
    page.get_by_role("link", name=SHOWN).click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "IL-1\u03b2 drives IFN-\u03b3 in TH17 cells"
    )
    expect(page.get_by_text("Poster, board P-12")).to_be_visible()

    sign_in(checked_page, staff.email, totp_secret=TOTP_SECRET)
    checked_page.goto(f"/admin/abstracts/abstractcall/{call.pk}/book/")
    expect(page.get_by_text("The book has not been built yet.")).to_be_visible()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Build the book").click()
        checked_page.check()
        # The page reloads itself until the book is ready.
        download = page.get_by_role("link", name="Download the abstract book (PDF)")
        expect(download).to_be_visible(timeout=90_000)
    checked_page.check()
    expect(page.locator("#book-progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status").filter(has_text="Ready")).to_contain_text("31 abstracts")
    with page.expect_download() as info:
        download.click()
    pdf = PdfReader(info.value.path())
    text = "".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    assert "IL-1\u03b2 drives IFN-\u03b3" in text
    assert re.search(r"Ada Okafor: A-\d{4}", text)
