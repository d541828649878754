"""A reviewer scores an abstract blind from /my/reviews/ (no author or institution on the
page); staff decide and release; the author sees "Accepted: poster, board P1-1" on their
abstracts page and confirms they will present. Every page checked by axe."""

import pytest
from playwright.sync_api import expect

from meetings.abstracts import review_services
from meetings.abstracts.models import Abstract, AbstractReview
from tests.abstracts.reviewing import submitted
from tests.browser.abstracts_steps import author_sees_accepted, review_blind
from tests.browser.journeys import sign_in, sign_out
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_blind_review_then_the_decision_the_author_confirms(checked_page):
    call = AbstractCallFactory(
        meeting__slug="cytokines-2027", meeting__name="Cytokines 2027", blind_review=True
    )
    AbstractTopicFactory(call=call, name="Interferons and antiviral immunity", position=1)
    review_services.rubric_default(call=call)
    author = UserFactory(first_name="Ines", last_name="Marlowe-Quist", email="ines@example.org")
    abstract = submitted(
        call,
        submitter=author,
        authors=[("Ines Marlowe-Quist", "ines@example.org", author)],
        affiliations=("Quistgaard Institute of Cytokine Research",),
        title="IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells",
    )
    reviewer = UserFactory(first_name="Rae", last_name="Reviewer", email="rae@example.org")
    staff = UserFactory(is_staff=True)
    AbstractReview.objects.create(abstract=abstract, reviewer=reviewer)
    page = checked_page.page

    sign_in(checked_page, "rae@example.org")
    review_blind(checked_page, abstract, hidden=("Marlowe-Quist", "Quistgaard"))
    sign_out(checked_page)

    review_services.decision_record(abstract_id=abstract.pk, decision="poster", actor=staff)
    review_services.decisions_release(call=call, actor=staff)

    sign_in(checked_page, "ines@example.org")
    author_sees_accepted(checked_page, abstract)
    expect(page.get_by_text("Accepted: poster, board P1-1")).to_be_visible()
    page.get_by_role("button", name=f"Confirm we will present {abstract.number}").click()
    checked_page.check()
    expect(page.get_by_text(f"Thank you: you will present {abstract.number}.")).to_be_visible()
    assert Abstract.objects.get().presenter_confirmed_at is not None
