"""Someone submits an abstract with a Greek-letter title: the live counter shows the body over
the limit as the server counts it, submitting is refused in place with the text kept, they
shorten it, submit, and find it in "Your abstracts". Every page checked by axe."""

import re

import pytest
from playwright.sync_api import expect

from meetings.abstracts import markup
from meetings.abstracts.models import Abstract
from tests.abstracts.test_markup import CASES
from tests.browser.journeys import sign_in
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "IL-1\u03b2 drives IFN-\u03b3 in T_{H}17 cells"
LONG_BODY = "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}. " * 4
SHORT_BODY = "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}."


def test_submit_an_abstract_with_a_greek_title(checked_page):
    call = AbstractCallFactory(
        meeting__slug="cytokines-2027", meeting__name="Cytokines 2027", body_limit=100
    )
    AbstractTopicFactory(call=call, name="Interferons and antiviral immunity")
    UserFactory(first_name="Ada", last_name="Okafor", email="ada@example.org")
    page = checked_page.page

    sign_in(checked_page, "ada@example.org")
    checked_page.goto("/meetings/cytokines-2027/")
    page.get_by_role("link", name="Abstracts", exact=True).click()
    checked_page.check()
    page.get_by_role("link", name="Submit an abstract").click()
    checked_page.check()

    # The page's counter counts as the server does, also on tricky text.
    lengths = page.evaluate("cases => cases.map(window.icisAbstractLength)", CASES)
    assert lengths == [markup.text_length(case) for case in CASES]

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Topic").select_option(label="Interferons and antiviral immunity")
    page.get_by_label("Presentation preference").select_option("poster")
    page.get_by_label(re.compile(r"^Abstract:?$")).fill(LONG_BODY)
    over = markup.text_length(LONG_BODY)
    counter = page.locator("#body-count")
    expect(counter).to_have_text(f"{over} of 100 characters: {over - 100} over the limit")
    page.get_by_label("Conflicts of interest").fill("None")
    page.get_by_label(re.compile("consent to the abstract's publication")).check()
    page.locator("#id_affiliations-0-name").fill("Institute of Immunology, Cardiff")
    page.locator("#id_authors-0-affiliations").fill("1")
    page.get_by_role("button", name="Submit").click()
    checked_page.check()

    body = page.get_by_label(re.compile(r"^Abstract:?$"))
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_body_error")).to_contain_text(f"{over - 100} over the limit of 100")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    assert not Abstract.objects.exists()

    body.fill(SHORT_BODY)
    expect(counter).to_have_text(f"{markup.text_length(SHORT_BODY)} of 100 characters")
    page.get_by_role("button", name="Submit").click()
    checked_page.check()

    expect(page.get_by_role("heading", name="Your abstracts")).to_be_visible()
    listed = page.get_by_role("link", name="IL-1\u03b2 drives IFN-\u03b3 in TH17 cells")
    expect(listed).to_be_visible()
    abstract = Abstract.objects.get()
    assert (abstract.status, abstract.title) == (Abstract.Status.SUBMITTED, TITLE)
