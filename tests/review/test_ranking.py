"""The engine's ranking, proven through the award kind (the engine has no tables of its own):
best mean first with its ties, and a ranking per topic in one query."""

from decimal import Decimal

import pytest

from awards.models import Application
from awards.services.reviewing import award_reviews
from icis.review import selectors
from tests.factories import ApplicationFactory, AwardCycleFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def _judged(cycle, name, kind, *scores):
    application = ApplicationFactory(
        cycle=cycle, candidate_name=name, kind=kind, status=Application.Status.SUBMITTED
    )
    for score in scores:
        ReviewFactory(
            application=application,
            reviewer=UserFactory(),
            weighted_score=None if score is None else Decimal(score),
            submitted_at=None if score is None else cycle.opens_at,
        )
    return application


def test_a_ranking_per_topic_ranks_each_topic_on_its_own_in_one_query(
    django_assert_num_queries,
):
    cycle = AwardCycleFactory()
    application, nomination = Application.Kind.APPLICATION, Application.Kind.NOMINATION
    _judged(cycle, "Ada", application, "3.00", "4.00")
    _judged(cycle, "Ben", application, "4.50", "4.50", None)
    _judged(cycle, "Cai", nomination, "2.00")
    _judged(cycle, "Dee", nomination, "5.00", "1.00")  # mean 3, the panel disagreeing
    _judged(cycle, "Eve", nomination, "3.00", "3.00")  # mean 3, the panel agreeing
    _judged(cycle, "Fay", nomination)  # not reviewed yet: last

    with django_assert_num_queries(1):
        by_kind = selectors.ranking(
            kind=award_reviews,
            items=award_reviews.items_under_review(cycle),
            tiebreak=("candidate_name", "pk"),
            group_by="kind",
        )

    names = [(kind, [row.item.candidate_name for row in rows]) for kind, rows in by_kind]
    assert names == [("application", ["Ben", "Ada"]), ("nomination", ["Eve", "Dee", "Cai", "Fay"])]
    ben = by_kind[0][1][0]
    assert (ben.mean, ben.reviews, ben.assigned, ben.spread) == (Decimal("4.50"), 2, 3, 0)
    dee = by_kind[1][1][1]
    assert (dee.median, dee.low, dee.high) == (3.0, 1, 5)
    assert round(dee.std_dev, 2) == Decimal("2.83")  # the sample deviation of 5 and 1
    fay = by_kind[1][1][3]
    assert (fay.mean, fay.median, fay.spread, fay.std_dev) == (None, None, None, None)


def test_decision_counts_count_each_decision_of_the_items_under_review(django_assert_num_queries):
    cycle = AwardCycleFactory()
    for decision in ["awarded", "awarded", "declined", ""]:
        ApplicationFactory(cycle=cycle, status=Application.Status.SUBMITTED, decision=decision)
    ApplicationFactory(cycle=cycle, status=Application.Status.WITHDRAWN, decision="awarded")

    with django_assert_num_queries(1):
        counts = selectors.decision_counts(kind=award_reviews, round=cycle)

    assert counts == {"awarded": 2, "declined": 1, "": 1}
