"""Steps the abstract journeys share: submitting over the limit then within it, reviewing
blind, deciding and releasing from the staff pages, finding an abstract on the public list and
building the book. Each starts where the person is and checks every page with axe."""

import re

from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect
from pypdf import PdfReader

from icis.celery import app as celery_app
from meetings.abstracts import markup
from meetings.abstracts.models import Abstract, AbstractCriterion
from tests.abstracts.test_markup import CASES


def submit_over_then_within(
    checked_page, call, *, title: str, topic: str, long_body: str, short_body: str
) -> Abstract:
    """Signed in: from the meeting's page to the submission form; the live counter counts as
    the server does; a body over the call's limit is refused in place with the text kept; the
    shortened one is submitted and listed under "Your abstracts"."""
    page = checked_page.page
    checked_page.goto(f"/meetings/{call.meeting.slug}/")
    page.get_by_role("link", name="Abstracts", exact=True).click()
    checked_page.check()
    page.get_by_role("link", name="Submit an abstract").click()
    checked_page.check()

    lengths = page.evaluate("cases => cases.map(window.icisAbstractLength)", CASES)
    assert lengths == [markup.text_length(case) for case in CASES]

    limit = call.body_limit
    page.get_by_label("Title").fill(title)
    page.get_by_label("Topic").select_option(label=topic)
    page.get_by_label("Presentation preference").select_option("poster")
    page.get_by_label(re.compile(r"^Abstract:?$")).fill(long_body)
    over = markup.text_length(long_body)
    assert over > limit
    counter = page.locator("#body-count")
    expect(counter).to_have_text(f"{over} of {limit} characters: {over - limit} over the limit")
    page.get_by_label("Conflicts of interest").fill("None")
    page.get_by_label(re.compile("consent to the abstract's publication")).check()
    page.locator("#id_affiliations-0-name").fill("Institute of Immunology, Cardiff")
    page.locator("#id_authors-0-affiliations").fill("1")
    page.get_by_role("button", name="Submit").click()
    checked_page.check()

    body = page.get_by_label(re.compile(r"^Abstract:?$"))
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_body_error")).to_contain_text(
        f"{over - limit} over the limit of {limit}"
    )
    expect(page.get_by_label("Title")).to_have_value(title)
    assert not Abstract.objects.filter(title=title).exists()

    body.fill(short_body)
    expect(counter).to_have_text(f"{markup.text_length(short_body)} of {limit} characters")
    page.get_by_role("button", name="Submit").click()
    checked_page.check()

    expect(page.get_by_role("heading", name="Your abstracts")).to_be_visible()
    expect(page.get_by_role("link", name=markup.plain(title))).to_be_visible()
    abstract = Abstract.objects.get(title=title)
    assert abstract.status == Abstract.Status.SUBMITTED
    return abstract


def review_blind(checked_page, abstract: Abstract, *, hidden: tuple[str, ...]) -> None:
    """Signed in as the abstract's reviewer: from /my/reviews/ to the abstract, which names
    none of `hidden` (authors, institutions); every criterion scored 4, the review submitted."""
    page = checked_page.page
    checked_page.goto("/my/reviews/")
    expect(page.get_by_role("heading", name="Abstracts to review")).to_be_visible()
    page.get_by_role("link", name=f"{abstract.number} {markup.plain(abstract.title)}").click()
    checked_page.check()
    expect(page.get_by_text("reviewed blind")).to_be_visible()
    content = page.content()
    for name in hidden:
        assert name not in content
    for criterion in AbstractCriterion.objects.filter(call=abstract.call_id):
        page.get_by_label(f"{criterion.name} (weight {criterion.weight})").select_option("4")
    page.get_by_role("button", name="Submit review").click()
    checked_page.check()
    expect(page.get_by_text("Your review is submitted.")).to_be_visible()
    expect(page.get_by_text("weighted score 4.00 of 5")).to_be_visible()


def decide_and_release(checked_page, abstract: Abstract, *, decision: str) -> None:
    """Signed in as staff: on the call's ranking page, the abstract's decision saved, then
    every recorded decision released from the confirmation page."""
    page = checked_page.page
    checked_page.goto(f"/admin/abstracts/abstractcall/{abstract.call_id}/ranking/")
    row = page.locator(f"#abstract-{abstract.pk}")
    row.get_by_label("Decision").select_option(label=decision)
    row.get_by_role("button", name="Save").click()
    checked_page.check()
    expect(page.get_by_text(f"{abstract.number}: {decision}. Nothing is sent")).to_be_visible()
    page.get_by_role("link", name="Release decisions (1)").click()
    checked_page.check()
    page.get_by_role("button", name="Release 1 decision").click()
    checked_page.check()
    expect(page.get_by_text("Released 1 decision")).to_be_visible()


def author_sees_accepted(checked_page, abstract: Abstract) -> None:
    """Signed in as its author: /my/abstracts/ gives the poster's board from the release."""
    abstract.refresh_from_db()
    assert re.fullmatch(r"P\d+-\d+", abstract.board_number)
    checked_page.goto("/my/abstracts/")
    expect(
        checked_page.page.get_by_text(f"Accepted: poster, board {abstract.board_number}")
    ).to_be_visible()


def find_on_public_list(checked_page, *, meeting_slug: str, words: str, shown: str) -> None:
    """The meeting's accepted abstracts searched for `words`: one found, its page opened."""
    page = checked_page.page
    checked_page.goto(f"/meetings/{meeting_slug}/abstracts/accepted/")
    page.get_by_label("Words to find").fill(words)
    page.get_by_role("button", name="Search abstracts").click()
    checked_page.check()
    expect(page.get_by_role("status")).to_have_text("1 abstract found.")
    page.get_by_role("link", name=shown).click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(shown)


def build_the_book(checked_page, call, *, abstracts: int) -> str:
    """Signed in as staff: the book built by a real worker while its page reloads itself,
    then downloaded. Returns the text extracted from the PDF."""
    page = checked_page.page
    checked_page.goto(f"/admin/abstracts/abstractcall/{call.pk}/book/")
    expect(page.get_by_text("The book has not been built yet.")).to_be_visible()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Build the book").click()
        checked_page.check()
        download = page.get_by_role("link", name="Download the abstract book (PDF)")
        expect(download).to_be_visible(timeout=90_000)
    checked_page.check()
    expect(page.locator("#book-progress")).to_have_attribute("value", "100")
    ready = page.get_by_role("status").filter(has_text="Ready")
    expect(ready).to_contain_text(f"{abstracts} abstract")
    with page.expect_download() as info:
        download.click()
    pdf = PdfReader(info.value.path())
    return "".join(pdf_page.extract_text() for pdf_page in pdf.pages)
