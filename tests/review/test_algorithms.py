"""The engine's rules on plain data, with no domain and no database: who may judge what, who
is assigned what, and a review's weighted score."""

from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest

from icis.review.algorithms import (
    Interest,
    ItemFacts,
    ReviewerFacts,
    assignment_plan,
    conflict_reason,
    weighted_mean,
)
from icis.review.exceptions import ReviewError
from icis.review.services.scoring import scores_checked

ABSTRACT = ItemFacts(
    pk=7,
    interests=(
        Interest("their own abstract", user_id=1),
        Interest("a co-author", user_id=2),
        Interest("a co-author", email="Third.Author@Example.org"),
    ),
    institutions=("University of Cardiff, School of Medicine", "Institut Pasteur"),
    topics=frozenset({"Cytokines in cancer"}),
)


@pytest.mark.parametrize(
    ("reviewer", "declared", "reason"),
    [
        (ReviewerFacts(pk=1), set(), "their own abstract"),
        (ReviewerFacts(pk=2), set(), "a co-author"),
        (ReviewerFacts(pk=3, email="third.author@example.org"), set(), "a co-author"),
        (
            ReviewerFacts(pk=4, institution="  university of cardiff school of medicine "),
            set(),
            "the same institution (University of Cardiff, School of Medicine)",
        ),
        (ReviewerFacts(pk=5, institution="Karolinska"), {(7, 5)}, "a declared conflict"),
        (ReviewerFacts(pk=5, institution="Karolinska"), {(8, 5)}, ""),
        (ReviewerFacts(pk=6, institution="   "), set(), ""),
    ],
)
def test_who_may_not_judge_an_item_and_what_they_are_told(reviewer, declared, reason):
    assert conflict_reason(ABSTRACT, reviewer, declared=declared) == reason


def test_the_first_stake_named_is_the_reason_given():
    own_and_same_place = ReviewerFacts(pk=1, institution="Institut Pasteur")

    assert conflict_reason(ABSTRACT, own_and_same_place) == "their own abstract"


def _items(n, topic=""):
    return [ItemFacts(pk=pk, topics=frozenset({topic} if topic else ())) for pk in range(1, n + 1)]


def test_every_item_gets_its_reviewers_and_the_load_is_even():
    reviewers = [ReviewerFacts(pk=pk) for pk in range(101, 161)]

    plan = assignment_plan(_items(1000), reviewers, wanted=3)

    assert len(plan.new) == 3000 and plan.short == []
    assert Counter(item for item, _ in plan.new) == {pk: 3 for pk in range(1, 1001)}
    assert set(Counter(reviewer for _, reviewer in plan.new).values()) == {50}
    assert len(set(plan.new)) == 3000  # nobody reviews the same item twice


def test_the_most_constrained_item_chooses_first():
    """Item 20 can only go to reviewer 1; were item 10 served first it would take reviewer 1
    too, and reviewer 2 would sit idle."""
    items = [ItemFacts(pk=10), ItemFacts(pk=20, interests=(Interest("a co-author", user_id=2),))]

    plan = assignment_plan(items, [ReviewerFacts(pk=1), ReviewerFacts(pk=2)], wanted=1)

    assert plan.new == [(20, 1), (10, 2)]


def test_reviewers_get_only_their_topics_and_one_listing_none_judges_any():
    cancer, interferon = (
        _items(4, "Cytokines in cancer"),
        [ItemFacts(pk=pk, topics=frozenset({"Interferons"})) for pk in range(5, 9)],
    )
    reviewers = [
        ReviewerFacts(pk=1, topics=frozenset({"Cytokines in cancer"})),
        ReviewerFacts(pk=2, topics=frozenset({"Interferons"})),
        ReviewerFacts(pk=3, topics=None),
    ]

    plan = assignment_plan(cancer + interferon, reviewers, wanted=2)

    assert plan.short == []
    judged = {reviewer: {item for item, r in plan.new if r == reviewer} for reviewer in (1, 2, 3)}
    assert judged[1] == {1, 2, 3, 4}
    assert judged[2] == {5, 6, 7, 8}
    assert judged[3] == {1, 2, 3, 4, 5, 6, 7, 8}


def test_conflicts_are_never_assigned_and_an_item_left_short_is_reported():
    items = [
        ItemFacts(pk=1, interests=(Interest("their own abstract", user_id=1),)),
        ItemFacts(pk=2),
    ]
    reviewers = [ReviewerFacts(pk=1), ReviewerFacts(pk=2)]

    plan = assignment_plan(items, reviewers, wanted=2, declared={(1, 2)})

    assert (1, 1) not in plan.new and (1, 2) not in plan.new
    assert plan.short == [(1, 0)]
    assert sorted(plan.new) == [(2, 1), (2, 2)]


def test_running_again_keeps_what_was_assigned_and_fills_only_the_gaps():
    reviewers = [ReviewerFacts(pk=pk) for pk in (1, 2, 3)]
    first = assignment_plan(_items(3), reviewers, wanted=2)
    assert assignment_plan(_items(3), reviewers, wanted=2, existing=set(first.new)).new == []

    # Item 1 lost a reviewer to a declared conflict: the next run gives it another.
    lost = next(pair for pair in first.new if pair[0] == 1)
    kept = set(first.new) - {lost}
    load = Counter(reviewer for _, reviewer in kept)
    again = assignment_plan(
        _items(3), reviewers, wanted=2, existing=kept, load=load, declared={lost}
    )

    [(item, reviewer)] = again.new
    assert item == 1 and reviewer != lost[1] and (1, reviewer) not in kept


def test_the_weighted_score_is_the_weighted_mean_to_two_places():
    assert weighted_mean([(5, 2), (2, 1)]) == Decimal("4.00")
    assert weighted_mean([(4, 1), (3, 2)]) == Decimal("3.33")
    assert weighted_mean([(1, 100)]) == Decimal("1.00")


RUBRIC = {1: SimpleNamespace(name="Science"), 2: SimpleNamespace(name="Originality")}


@pytest.mark.parametrize(
    ("scores", "submit", "message"),
    [
        ({3: 4}, False, "A score was given for a criterion this call does not have."),
        ({1: 6}, False, "Scores run from 1 to 5."),
        ({1: 0}, False, "Scores run from 1 to 5."),
        ({1: 4, 2: None}, True, "Score every criterion before submitting: Originality."),
    ],
)
def test_scores_off_the_rubric_are_refused_with_the_reason(scores, submit, message):
    with pytest.raises(ReviewError, match=message):
        scores_checked(RUBRIC, scores, submit=submit, error=ReviewError)


def test_a_draft_keeps_what_was_scored_and_a_blank_is_no_score():
    assert scores_checked(RUBRIC, {1: "4", 2: None}, submit=False, error=ReviewError) == {1: 4}
    assert scores_checked(RUBRIC, {1: 4, 2: 5}, submit=True, error=ReviewError) == {1: 4, 2: 5}
