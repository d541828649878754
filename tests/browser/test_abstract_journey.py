"""An abstract from submission to the book: the author submits a Greek-letter title, is held
to the length limit and fixes it; a reviewer scores it blind; staff record a poster decision,
release it and build the book, whose PDF text holds the title; a visitor finds it on the
public list; the author sees the poster's board. Every page checked by axe."""

import pytest
from playwright.sync_api import expect

from meetings.abstracts import review_services
from meetings.abstracts.models import AbstractReview
from tests.browser.abstracts_steps import (
    author_sees_accepted,
    build_the_book,
    decide_and_release,
    find_on_public_list,
    review_blind,
    submit_over_then_within,
)
from tests.browser.journeys import TOTP_SECRET, sign_in, sign_out
from tests.conftest import enable_totp
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "IL-1\u03b2 drives IFN-\u03b3 in T_{H}17 cells"
SHOWN = "IL-1\u03b2 drives IFN-\u03b3 in TH17 cells"
LONG_BODY = "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}. " * 4
SHORT_BODY = "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}."


def test_an_abstract_from_submission_to_the_book(checked_page):
    call = AbstractCallFactory(
        meeting__slug="cytokines-2027",
        meeting__name="Cytokines 2027",
        body_limit=100,
        blind_review=True,
    )
    AbstractTopicFactory(call=call, name="Interferons and antiviral immunity", position=1)
    review_services.rubric_default(call=call)
    UserFactory(first_name="Ines", last_name="Marlowe-Quist", email="ines@example.org")
    reviewer = UserFactory(first_name="Rae", last_name="Reviewer", email="rae@example.org")
    staff = UserFactory(email="abstracts.office@example.org", is_staff=True, is_superuser=True)
    enable_totp(staff, TOTP_SECRET)

    sign_in(checked_page, "ines@example.org")
    abstract = submit_over_then_within(
        checked_page,
        call,
        title=TITLE,
        topic="Interferons and antiviral immunity",
        long_body=LONG_BODY,
        short_body=SHORT_BODY,
    )
    sign_out(checked_page)

    AbstractReview.objects.create(abstract=abstract, reviewer=reviewer)
    sign_in(checked_page, "rae@example.org")
    review_blind(checked_page, abstract, hidden=("Marlowe-Quist", "Ines", "Cardiff"))
    sign_out(checked_page)

    sign_in(checked_page, staff.email, totp_secret=TOTP_SECRET)
    decide_and_release(checked_page, abstract, decision="Accepted: poster")
    text = build_the_book(checked_page, call, abstracts=1)
    assert "IL-1\u03b2 drives IFN-\u03b3" in text
    assert "Marlowe-Quist" in text
    checked_page.goto("/")
    sign_out(checked_page)

    find_on_public_list(
        checked_page, meeting_slug="cytokines-2027", words="IL-1\u03b2", shown=SHOWN
    )
    abstract.refresh_from_db()
    expect(checked_page.page.get_by_text(f"Poster, board {abstract.board_number}")).to_be_visible()

    sign_in(checked_page, "ines@example.org")
    author_sees_accepted(checked_page, abstract)
