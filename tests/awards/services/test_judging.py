"""Judging: who reviews what, scoring, the ranking staff decide from, and releasing decisions
with what an award grants."""

from collections import Counter
from decimal import Decimal

import pytest

from awards import selectors, services
from awards.exceptions import AwardError
from awards.models import (
    Application,
    Conflict,
    Level,
    Recipient,
    Review,
    Score,
)
from icis.mail.models import OutboundEmail
from meetings.models import Registration
from meetings.registration import Attendee, registration_grant
from members.models import CareerStage, Membership
from tests.awards.conftest import complete_and_submit, make_member, open_cycle_for
from tests.concurrency import race
from tests.factories import AwardProgramFactory, ConflictFactory, PanelMemberFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def prize_program(db):
    return AwardProgramFactory(
        name="Research Prize",
        slug="research-prize",
        level=Level.SENIOR,
        summary="For a body of work.",
    )


@pytest.fixture
def cycle(prize_program):
    """Applications and nominations, a CV each, two criteria (Science x2, Promise x1), two
    reviewers per application."""
    return open_cycle_for(prize_program, intake="both", per_application=2)


_applicants = iter(range(10_000))


def _submitted(cycle, user=None, **profile):
    """A submitted application; each applicant at an institution of their own unless given."""
    if user is None:
        n = next(_applicants)
        profile.setdefault("first_name", f"Applicant{n}")
        profile.setdefault("institution", f"Applicant Institute {n}")
        user = make_member(**profile)
    application = services.application_start(cycle=cycle, user=user)
    return complete_and_submit(application, user)


def _nominated(cycle, nominator, *, name="Nominee Person", email="nominee@example.org", **kw):
    nominee = services.Nominee(name=name, email=email, institution=kw.get("institution", "Lab"))
    nomination = services.nomination_start(cycle=cycle, user=nominator, nominee=nominee)
    return complete_and_submit(nomination, nominator)


def _reviewer(name, institution=None, cycle=None):
    reviewer = make_member(
        first_name="Reviewer", last_name=name, institution=institution or f"{name} Institute"
    )
    if cycle is not None:
        PanelMemberFactory(cycle=cycle, reviewer=reviewer)
    return reviewer


def _assigned(cycle) -> set[tuple[int, int]]:
    return set(
        Review.objects.filter(application__cycle=cycle).values_list("application_id", "reviewer_id")
    )


def _assign(application, reviewer, actor):
    return services.review_assign(application_id=application.pk, reviewer=reviewer, actor=actor)


def _scores(cycle, science, promise):
    criteria = {criterion.name: criterion.pk for criterion in cycle.criteria.all()}
    return {criteria["Science"]: science, criteria["Promise"]: promise}


def _review(review, *, science, promise, submit=True, comment="Clear and well argued."):
    return services.review_save(
        review_id=review.pk,
        reviewer=review.reviewer,
        scores=_scores(review.application.cycle, science, promise),
        comment=comment,
        submit=submit,
    )


# --- Automatic assignment -----------------------------------------------------------------------


def test_twelve_applications_five_reviewers_two_each_spread_evenly(cycle, staff_user):
    applications = [_submitted(cycle) for _ in range(12)]
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(5)]
    _submitted_draft = services.application_start(cycle=cycle, user=make_member())  # not judged

    result = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assert (result.created, result.short) == (24, [])
    per_application = Counter(application_id for application_id, _ in _assigned(cycle))
    assert per_application == {application.pk: 2 for application in applications}
    assert _submitted_draft.pk not in per_application
    load = Counter(reviewer_id for _, reviewer_id in _assigned(cycle))
    assert sorted(load.values()) == [4, 5, 5, 5, 5]
    assert set(load) == {reviewer.pk for reviewer in reviewers}
    # The panel page shows the same numbers.
    assert sorted(member.assigned for member in selectors.panel_load(cycle=cycle)) == [
        4,
        5,
        5,
        5,
        5,
    ]


def test_the_load_stays_even_when_run_again_for_new_applications(cycle, staff_user):
    for _ in range(5):
        _submitted(cycle)
    for n in range(5):
        _reviewer(f"R{n}", cycle=cycle)
    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    for _ in range(7):
        _submitted(cycle)

    result = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assert (result.created, result.short) == (14, [])
    load = Counter(reviewer_id for _, reviewer_id in _assigned(cycle))
    assert max(load.values()) - min(load.values()) <= 1
    assert sum(load.values()) == 24


def _assignment_emails():
    return OutboundEmail.objects.filter(template="awards/email/reviews_assigned")


def test_each_reviewer_is_emailed_once_per_run_with_the_candidates_they_were_given(
    cycle, staff_user
):
    applications = [_submitted(cycle, last_name=f"Candidate{n}") for n in range(3)]
    first, second = _reviewer("First", cycle=cycle), _reviewer("Second", cycle=cycle)

    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    emails = {email.to_email: email for email in _assignment_emails()}
    assert set(emails) == {first.email, second.email}
    email = emails[first.email]
    assert email.subject == f"[ICIS] 3 applications to review for {cycle}"
    for application in applications:
        assert application.candidate_name in email.body_text
        assert application.candidate_name in email.body_html
    assert "You now have 3 applications to review" in email.body_text
    assert "/my/reviews/" in email.body_text
    assert "declare it on that application" in email.body_text

    # Running again with nothing new to give sends nothing.
    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    assert _assignment_emails().count() == 2

    # A new application later: one more email each, for that one candidate, with the total.
    late = _submitted(cycle, last_name="Latecomer")
    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    later = _assignment_emails().filter(to_email=first.email).order_by("pk").last()
    assert later.subject == f"[ICIS] 1 application to review for {cycle}"
    assert late.candidate_name in later.body_text
    assert applications[0].candidate_name not in later.body_text
    assert "You now have 4 applications to review" in later.body_text
    assert _assignment_emails().count() == 4


def test_a_hand_assignment_emails_the_reviewer_once(cycle, staff_user):
    application = _submitted(cycle)
    reviewer = _reviewer("Hand", cycle=cycle)

    _assign(application, reviewer, staff_user)
    _assign(application, reviewer, staff_user)  # a second press changes nothing

    [email] = _assignment_emails()
    assert email.to_email == reviewer.email
    assert application.candidate_name in email.body_text


def test_no_one_is_given_their_own_application_their_nomination_a_colleague_or_a_conflict(
    cycle, staff_user
):
    cycle.reviews_per_application = 4
    cycle.save()
    applicant_reviewer = _reviewer("Applicant", cycle=cycle)
    nominator_reviewer = _reviewer("Nominator", cycle=cycle)
    colleague = _reviewer("Colleague", institution="  university OF   example ", cycle=cycle)
    conflicted = _reviewer("Conflicted", cycle=cycle)
    _reviewer("Free", cycle=cycle)
    own = _submitted(cycle, user=applicant_reviewer)
    nomination = _nominated(cycle, nominator_reviewer, institution="Nominee Lab")
    same_place = _submitted(cycle, institution="University of Example")
    declared = _submitted(cycle)
    ConflictFactory(application=declared, reviewer=conflicted, reason="Former mentor")

    result = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assigned = _assigned(cycle)
    forbidden = {
        (own.pk, applicant_reviewer.pk),
        (nomination.pk, nominator_reviewer.pk),
        (same_place.pk, colleague.pk),
        (declared.pk, conflicted.pk),
    }
    assert assigned.isdisjoint(forbidden)
    # Each had exactly four reviewers it could be given, and got them.
    assert (result.created, result.short) == (16, [])
    assert Counter(a for a, _ in assigned) == {
        own.pk: 4,
        nomination.pk: 4,
        same_place.pk: 4,
        declared.pk: 4,
    }


def test_a_nominee_on_the_panel_is_not_given_their_own_nomination(cycle, staff_user):
    nominee = _reviewer("Nominee", cycle=cycle)
    other = _reviewer("Other", cycle=cycle)
    nomination = _nominated(cycle, make_member(), name="Reviewer Nominee", email=nominee.email)
    assert nomination.candidate == nominee

    result = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assert _assigned(cycle) == {(nomination.pk, other.pk)}
    assert result.short == [(nomination, 1)]


def test_a_reviewer_who_nominated_a_candidate_judges_no_other_nomination_of_them(cycle, staff_user):
    """Two members nominate the same person; the one on the panel reviews neither."""
    nominator_on_panel = _reviewer("Nominator", cycle=cycle)
    other = _reviewer("Other", cycle=cycle)
    _nominated(cycle, nominator_on_panel, email="star@example.org")
    second = _nominated(cycle, make_member(), email="STAR@example.org")

    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assert (second.pk, nominator_on_panel.pk) not in _assigned(cycle)
    assert (second.pk, other.pk) in _assigned(cycle)
    with pytest.raises(AwardError, match="they nominated this candidate"):
        services.review_assign(
            application_id=second.pk, reviewer=nominator_on_panel, actor=staff_user
        )


def test_applications_that_cannot_be_covered_are_reported_with_how_many_they_have(
    cycle, staff_user
):
    first = _reviewer("First", institution="Shared University", cycle=cycle)
    _reviewer("Second", institution="Shared University", cycle=cycle)
    fine = _submitted(cycle)
    half = _submitted(cycle)
    none = _submitted(cycle, institution="shared  university")
    ConflictFactory(application=half, reviewer=first, reason="Co-author")

    result = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assert result.created == 3
    assert sorted((application.pk, have) for application, have in result.short) == sorted(
        [(half.pk, 1), (none.pk, 0)]
    )
    assert Counter(a for a, _ in _assigned(cycle)) == {fine.pk: 2, half.pk: 1}


def test_running_again_creates_nothing_new(cycle, staff_user):
    for _ in range(4):
        _submitted(cycle)
    for n in range(3):
        _reviewer(f"R{n}", cycle=cycle)
    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    before = set(Review.objects.values_list("pk", "application_id", "reviewer_id"))

    again = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)

    assert (again.created, again.short) == (0, [])
    assert set(Review.objects.values_list("pk", "application_id", "reviewer_id")) == before


def test_a_declared_conflict_is_filled_by_another_reviewer_on_the_next_run(cycle, staff_user):
    application = _submitted(cycle)
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(3)]
    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    first_pair, _ = sorted(_assigned(cycle))
    stepping_aside = next(r for r in reviewers if r.pk == first_pair[1])
    review = Review.objects.get(application=application, reviewer=stepping_aside)

    conflict = services.conflict_declare(
        review_id=review.pk, reviewer=stepping_aside, reason="  I supervised the candidate  "
    )

    assert conflict.reason == "I supervised the candidate"
    assert not Review.objects.filter(pk=review.pk).exists()
    result = services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    assert (result.created, result.short) == (1, [])
    now_reviewing = {reviewer_id for _, reviewer_id in _assigned(cycle)}
    assert len(now_reviewing) == 2 and stepping_aside.pk not in now_reviewing
    assert services.reviews_assign_automatic(cycle=cycle, actor=staff_user).created == 0
    with pytest.raises(AwardError, match="a declared conflict"):
        _assign(application, stepping_aside, staff_user)


def test_a_conflict_staff_record_removes_the_assignment_and_the_next_run_replaces_it(
    cycle, staff_user
):
    application = _submitted(cycle)
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(3)]
    services.reviews_assign_automatic(cycle=cycle, actor=staff_user)
    first, second = Review.objects.filter(application=application).order_by("reviewer_id")
    _review(second, science=4, promise=4)

    services.conflict_record(
        application_id=application.pk, reviewer=first.reviewer, reason="", actor=staff_user
    )

    assert Conflict.objects.get(reviewer=first.reviewer).reason == "Recorded by staff"
    assert not Review.objects.filter(pk=first.pk).exists()
    assert selectors.reviews_of(user=first.reviewer) == []
    assert services.reviews_assign_automatic(cycle=cycle, actor=staff_user).created == 1
    assert {r for _, r in _assigned(cycle)} == {reviewers[2].pk, second.reviewer_id}
    # A review already submitted is not silently thrown away.
    with pytest.raises(AwardError, match="has already submitted a review of"):
        services.conflict_record(
            application_id=application.pk, reviewer=second.reviewer, reason="x", actor=staff_user
        )
    assert Review.objects.get(pk=second.pk).is_submitted
    assert not Conflict.objects.filter(reviewer=second.reviewer).exists()


def test_a_withdrawn_application_leaves_the_panel_s_lists(cycle, staff_user):
    application = _submitted(cycle)
    reviewer = _reviewer("R", cycle=cycle)
    _assign(application, reviewer, staff_user)
    assert [r.application for r in selectors.reviews_of(user=reviewer)] == [application]

    services.application_withdraw(application_id=application.pk, user=application.created_by)

    assert selectors.reviews_of(user=reviewer) == []
    assert services.reviews_assign_automatic(cycle=cycle, actor=staff_user).created == 0


# --- Assigning by hand --------------------------------------------------------------------------


def test_assigning_by_hand_refuses_a_conflict_with_the_reason(cycle, staff_user):
    application = _submitted(cycle, first_name="Marie", institution="Sorbonne")
    colleague = _reviewer("Colleague", institution="sorbonne ", cycle=cycle)
    conflicted = _reviewer("Conflicted", cycle=cycle)
    ConflictFactory(application=application, reviewer=conflicted, reason="Friend")
    applicant = application.created_by
    PanelMemberFactory(cycle=cycle, reviewer=applicant)

    with pytest.raises(AwardError) as same_place:
        _assign(application, colleague, staff_user)
    with pytest.raises(AwardError, match="a declared conflict"):
        _assign(application, conflicted, staff_user)
    with pytest.raises(AwardError, match="their own application"):
        _assign(application, applicant, staff_user)

    assert str(same_place.value) == (
        f"{colleague} cannot review {application.candidate_name}: the same institution (Sorbonne)."
    )
    assert not Review.objects.exists()


def test_assigning_by_hand_needs_a_panel_member_and_a_submitted_application(cycle, staff_user):
    application = _submitted(cycle)
    draft = services.application_start(cycle=cycle, user=make_member(institution="Draft Inst"))
    outsider = _reviewer("Outsider")
    member = _reviewer("Member", cycle=cycle)

    with pytest.raises(AwardError, match="is not on the panel for Research Prize"):
        _assign(application, outsider, staff_user)
    with pytest.raises(AwardError, match="Only submitted applications are reviewed"):
        _assign(draft, member, staff_user)

    review = _assign(application, member, staff_user)
    assert _assign(application, member, staff_user) == review
    assert list(Review.objects.values_list("application", "reviewer")) == [
        (application.pk, member.pk)
    ]


# --- Scoring ------------------------------------------------------------------------------------


@pytest.fixture
def assigned(cycle, staff_user):
    """One submitted application, three panel members, all assigned."""
    cycle.reviews_per_application = 3
    cycle.save()
    application = _submitted(cycle)
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(3)]
    return [_assign(application, reviewer, staff_user) for reviewer in reviewers]


def test_a_draft_review_keeps_its_scores(assigned):
    review = assigned[0]

    _review(review, science=4, promise=None, submit=False, comment=" Half done ")

    review.refresh_from_db()
    assert not review.is_submitted and review.weighted_score is None
    assert review.comment == "Half done"
    assert {s.criterion.name: s.value for s in review.scores.all()} == {"Science": 4}

    _review(review, science=3, promise=2, submit=False)
    assert {s.criterion.name: s.value for s in review.scores.all()} == {
        "Science": 3,
        "Promise": 2,
    }
    assert Review.objects.get(pk=review.pk).submitted_at is None


def test_submitting_needs_every_criterion(assigned):
    review = assigned[0]

    with pytest.raises(AwardError) as refused:
        _review(review, science=5, promise=None)

    assert str(refused.value) == "Score every criterion before submitting: Promise."
    review.refresh_from_db()
    assert review.submitted_at is None and review.weighted_score is None


@pytest.mark.parametrize("value", [0, 6, -1])
def test_scores_outside_one_to_five_are_refused(assigned, value):
    review = assigned[0]

    with pytest.raises(AwardError, match="Scores run from 1 to 5"):
        _review(review, science=value, promise=3, submit=False)

    assert not Score.objects.filter(review=review).exists()


def test_a_score_for_another_call_s_criterion_is_refused(assigned, young_investigator_program):
    review = assigned[0]
    other = open_cycle_for(young_investigator_program)
    foreign = other.criteria.first()

    with pytest.raises(AwardError, match="criterion this call does not have"):
        services.review_save(
            review_id=review.pk,
            reviewer=review.reviewer,
            scores={foreign.pk: 3},
            comment="",
            submit=False,
        )


def test_the_weighted_score_is_the_weighted_mean(assigned):
    review = _review(assigned[0], science=5, promise=2)

    assert review.weighted_score == Decimal("4.00")
    assert Review.objects.get(pk=review.pk).weighted_score == Decimal("4.00")
    assert _review(assigned[1], science=4, promise=5).weighted_score == Decimal("4.33")
    assert _review(assigned[2], science=1, promise=1).weighted_score == Decimal("1.00")


def test_a_submitted_review_is_final(assigned):
    review = _review(assigned[0], science=5, promise=2, comment="First thoughts.")

    with pytest.raises(AwardError, match="can no longer be changed"):
        _review(review, science=1, promise=1, comment="Second thoughts.")
    with pytest.raises(AwardError, match="already submitted this review"):
        services.conflict_declare(review_id=review.pk, reviewer=review.reviewer, reason="Late")

    review.refresh_from_db()
    assert (review.weighted_score, review.comment) == (Decimal("4.00"), "First thoughts.")
    assert sorted(review.scores.values_list("value", flat=True)) == [2, 5]


def test_a_reviewer_cannot_score_someone_else_s_or_a_conflicted_review(assigned):
    mine, theirs, _ = assigned

    with pytest.raises(AwardError, match="There is no such assignment"):
        services.review_save(
            review_id=theirs.pk,
            reviewer=mine.reviewer,
            scores=_scores(theirs.application.cycle, 1, 1),
            comment="Sabotage",
            submit=True,
        )
    ConflictFactory(application=mine.application, reviewer=mine.reviewer, reason="Staff")
    with pytest.raises(AwardError, match="There is no such assignment"):
        _review(mine, science=5, promise=5)

    assert not Review.objects.filter(submitted_at__isnull=False).exists()
    assert selectors.review_for(review_id=theirs.pk, user=mine.reviewer) is None
    assert selectors.review_for(review_id=mine.pk, user=mine.reviewer) is None
    assert selectors.review_for(review_id=theirs.pk, user=theirs.reviewer) == theirs


def test_others_scores_are_shown_only_after_submitting_one_s_own(assigned):
    mine, first_peer, second_peer = assigned
    _review(first_peer, science=4, promise=4)
    _review(second_peer, science=3, promise=None, submit=False)

    assert (
        selectors.peer_reviews(review=selectors.review_for(review_id=mine.pk, user=mine.reviewer))
        == []
    )

    _review(mine, science=5, promise=5)

    shown = selectors.peer_reviews(
        review=selectors.review_for(review_id=mine.pk, user=mine.reviewer)
    )
    assert shown == [first_peer]
    assert shown[0].weighted_score == Decimal("4.00")
    assert {s.criterion.name: s.value for s in shown[0].scores.all()} == {
        "Science": 4,
        "Promise": 4,
    }


# --- Ranking ------------------------------------------------------------------------------------

# (science, promise) pairs and the weighted score each gives with weights 2 and 1.
FIVE, FOUR_67, FOUR_33, FOUR, THREE, TWO = (5, 5), (5, 4), (4, 5), (4, 4), (3, 3), (2, 2)


def _scored(cycle, name, pairs, reviewers, actor, *, drafts=0):
    """An application whose reviewers submitted `pairs`; `drafts` more reviewers only began."""
    application = _submitted(cycle, first_name=name)
    for reviewer, (science, promise) in zip(reviewers, pairs, strict=False):
        _review(_assign(application, reviewer, actor), science=science, promise=promise)
    for reviewer in reviewers[len(pairs) : len(pairs) + drafts]:
        _review(_assign(application, reviewer, actor), science=3, promise=3, submit=False)
    return application


def _row(ranked):
    return (
        ranked.application.candidate_name.split()[0],
        ranked.reviews,
        ranked.mean,
        None if ranked.median is None else round(ranked.median, 2),
        ranked.spread,
    )


def test_the_ranking_puts_the_best_mean_first_with_median_spread_and_count(cycle, staff_user):
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(3)]
    _scored(cycle, "Agreed", [FOUR_67, FOUR_33], reviewers, staff_user, drafts=1)
    _scored(cycle, "Divided", [FIVE, FOUR, THREE], reviewers, staff_user)
    _scored(cycle, "Low", [TWO], reviewers, staff_user, drafts=2)
    _scored(cycle, "Unread", [], reviewers, staff_user)
    withdrawn = _scored(cycle, "Gone", [FIVE, FIVE], reviewers, staff_user)
    services.application_withdraw(application_id=withdrawn.pk, user=withdrawn.created_by)
    services.application_start(cycle=cycle, user=make_member(first_name="Drafting"))

    ranking = selectors.cycle_ranking(cycle=cycle)

    assert [_row(r) for r in ranking] == [
        ("Agreed", 2, Decimal("4.50"), 4.5, Decimal("0.34")),
        ("Divided", 3, Decimal("4.00"), 4.0, Decimal("2.00")),
        ("Low", 1, Decimal("2.00"), 2.0, Decimal("0.00")),
        ("Unread", 0, None, None, None),
    ]
    # The sample standard deviation of 5, 4 and 3 is 1; one review has none.
    assert float(ranking[1].std_dev) == pytest.approx(1.0)
    assert ranking[2].std_dev is None and ranking[3].std_dev is None


def test_equal_means_are_ordered_by_median_then_spread_then_number_of_reviews(cycle, staff_user):
    """Four applications all with a mean of 4.00; the names run against the expected order, so
    an alphabetical tie-break cannot pass."""
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(3)]
    _scored(cycle, "Aaron", [FIVE, THREE], reviewers, staff_user)  # median 4.00, spread 2.00
    _scored(cycle, "Beth", [FOUR, FOUR], reviewers, staff_user)  # median 4.00, spread 0, 2
    _scored(cycle, "Carl", [FOUR, FOUR, FOUR], reviewers, staff_user)  # spread 0, 3 reviews
    _scored(cycle, "Dana", [FOUR_67, FOUR_33, THREE], reviewers, staff_user)  # median 4.33

    ranking = selectors.cycle_ranking(cycle=cycle)

    assert {r.mean for r in ranking} == {Decimal("4.00")}
    assert [_row(r)[0] for r in ranking] == ["Dana", "Carl", "Beth", "Aaron"]


# --- Decisions ----------------------------------------------------------------------------------


def _decide(application, decision, actor, citation=""):
    return services.decision_record(
        application_id=application.pk, decision=decision, citation=citation, actor=actor
    )


def _decision_emails():
    return sorted(
        OutboundEmail.objects.filter(template__startswith="awards/email/decision_").values_list(
            "template", "to_email"
        )
    )


def test_only_submitted_applications_are_decided(cycle, staff_user):
    draft = services.application_start(cycle=cycle, user=make_member(institution="Draft"))
    withdrawn = _submitted(cycle)
    services.application_withdraw(application_id=withdrawn.pk, user=withdrawn.created_by)
    submitted = _submitted(cycle)

    for application in (draft, withdrawn):
        with pytest.raises(AwardError, match="Only submitted applications can be decided"):
            _decide(application, "awarded", staff_user)
    with pytest.raises(AwardError, match="Choose awarded, waiting list or not selected"):
        _decide(submitted, "maybe", staff_user)

    assert not Application.objects.exclude(decision="").exists()


def test_releasing_sends_each_decision_once_and_nothing_for_the_undecided(cycle, staff_user):
    awarded, declined, waitlisted, undecided = (_submitted(cycle) for _ in range(4))
    _decide(awarded, "awarded", staff_user, citation="For work on interferons.")
    _decide(declined, "declined", staff_user)
    _decide(waitlisted, "waitlisted", staff_user)
    # A decision changed before release: only the last one is sent.
    _decide(declined, "awarded", staff_user)
    _decide(declined, "declined", staff_user)

    result = services.decisions_release(cycle=cycle, actor=staff_user)

    assert (result.sent, result.awarded, result.notes) == (3, 1, [])
    assert _decision_emails() == sorted(
        [
            ("awards/email/decision_awarded", awarded.created_by.email),
            ("awards/email/decision_declined", declined.created_by.email),
            ("awards/email/decision_waitlisted", waitlisted.created_by.email),
        ]
    )
    congratulations = OutboundEmail.objects.get(template="awards/email/decision_awarded")
    assert "For work on interferons." in congratulations.body_text
    assert Application.objects.get(pk=undecided.pk).decision_released_at is None
    assert (
        not OutboundEmail.objects.filter(to_email=undecided.created_by.email)
        .filter(template__startswith="awards/email/decision_")
        .exists()
    )

    again = services.decisions_release(cycle=cycle, actor=staff_user)

    assert (again.sent, again.awarded) == (0, 0)
    assert len(_decision_emails()) == 3


def test_a_sent_decision_is_final_except_from_the_waiting_list_to_an_award(cycle, staff_user):
    awarded, declined, waitlisted = (_submitted(cycle) for _ in range(3))
    _decide(awarded, "awarded", staff_user)
    _decide(declined, "declined", staff_user)
    _decide(waitlisted, "waitlisted", staff_user)
    services.decisions_release(cycle=cycle, actor=staff_user)

    for application, change in [
        (awarded, "declined"),
        (awarded, ""),
        (declined, "awarded"),
        (waitlisted, "declined"),
    ]:
        with pytest.raises(AwardError, match="it is final"):
            _decide(application, change, staff_user)
    assert not Recipient.objects.filter(application=waitlisted).exists()

    _decide(waitlisted, "awarded", staff_user, citation="An award became free.")
    result = services.decisions_release(cycle=cycle, actor=staff_user)

    assert (result.sent, result.awarded) == (1, 1)
    to_waitlisted = OutboundEmail.objects.filter(to_email=waitlisted.created_by.email)
    assert sorted(
        to_waitlisted.filter(template__startswith="awards/email/decision_").values_list(
            "template", flat=True
        )
    ) == [
        "awards/email/decision_awarded",
        "awards/email/decision_waitlisted",
    ]
    assert Recipient.objects.get(application=waitlisted).citation == "An award became free."
    assert dict(Application.objects.filter(cycle=cycle).values_list("pk", "decision")) == {
        awarded.pk: "awarded",
        declined.pk: "declined",
        waitlisted.pk: "awarded",
    }
    assert len(_decision_emails()) == 4


def test_scoring_closes_once_the_decision_is_sent(cycle, staff_user):
    application = _submitted(cycle)
    review = _assign(application, _reviewer("Late", cycle=cycle), staff_user)
    _decide(application, "declined", staff_user)
    services.decisions_release(cycle=cycle, actor=staff_user)

    with pytest.raises(AwardError, match="reviews are closed"):
        _review(review, science=5, promise=5)


def test_an_award_is_listed_with_the_recipient_s_details(cycle, staff_user):
    application = _submitted(
        cycle, first_name="Tu", institution="China Academy of Chinese Medical Sciences"
    )
    _decide(application, "awarded", staff_user, citation="  For artemisinin.  ")

    services.decisions_release(cycle=cycle, actor=staff_user)

    recipient = Recipient.objects.get()
    assert (
        recipient.program,
        recipient.year,
        recipient.name,
        recipient.institution,
        recipient.citation,
        recipient.application,
    ) == (
        cycle.program,
        cycle.year,
        application.candidate_name,
        "China Academy of Chinese Medical Sciences",
        "For artemisinin.",
        application,
    )
    assert recipient.is_public


def test_a_travel_award_brings_a_complimentary_registration(travel_cycle, staff_user):
    winner = _submitted(travel_cycle, career_stage=CareerStage.POSTDOC)
    other = _submitted(travel_cycle, career_stage=CareerStage.GRADUATE_STUDENT)
    _decide(winner, "awarded", staff_user)
    _decide(other, "declined", staff_user)

    result = services.decisions_release(cycle=travel_cycle, actor=staff_user)

    assert (result.sent, result.awarded, result.notes) == (2, 1, [])
    registration = Registration.objects.get()
    assert (
        registration.user,
        registration.meeting,
        registration.category,
        registration.status,
        registration.is_complimentary,
        registration.amount,
    ) == (
        winner.created_by,
        travel_cycle.meeting,
        travel_cycle.registration_category,
        Registration.Status.CONFIRMED,
        True,
        0,
    )
    email = OutboundEmail.objects.get(template="awards/email/decision_awarded")
    assert "A complimentary registration for Cytokines Test Meeting" in email.body_text


def test_an_award_with_a_membership_grants_a_confirmed_complimentary_term(
    prize_program, regular_type, staff_user
):
    prize_program.grants_membership_type = regular_type
    prize_program.save()
    cycle = open_cycle_for(prize_program)
    winner = _submitted(cycle, member=False)
    assert not Membership.objects.filter(user=winner.created_by).exists()
    _decide(winner, "awarded", staff_user)

    services.decisions_release(cycle=cycle, actor=staff_user)

    term = Membership.objects.get(user=winner.created_by)
    assert term.source == Membership.Source.COMPLIMENTARY
    assert term.membership_type == regular_type
    assert term.confirmed_at is not None and term.start_date is not None
    assert term.note == str(cycle)
    email = OutboundEmail.objects.get(template="awards/email/decision_awarded")
    assert "complimentary membership term has been added" in email.body_text


def test_someone_already_registered_gets_a_note_and_the_others_still_get_theirs(
    travel_cycle, open_meeting, staff_user
):
    registered = _submitted(travel_cycle, first_name="Early", career_stage=CareerStage.POSTDOC)
    registration_grant(
        user=registered.created_by,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="trainee-non-member"),
        attendee=Attendee(badge_name="Early", affiliation="Lab", country="GB"),
        actor=staff_user,
    )
    newcomer = _submitted(travel_cycle, first_name="New", career_stage=CareerStage.POSTDOC)
    _decide(registered, "awarded", staff_user)
    _decide(newcomer, "awarded", staff_user)

    result = services.decisions_release(cycle=travel_cycle, actor=staff_user)

    assert (result.sent, result.awarded) == (2, 2)
    registered.refresh_from_db()
    assert registered.benefits_note.startswith("Registration not granted:")
    assert "already registered" in registered.benefits_note
    assert result.notes == [f"{registered.candidate_name}: {registered.benefits_note}"]
    assert registered.decision_released_at is not None
    assert Registration.objects.get(user=newcomer.created_by).is_complimentary
    kept = Registration.objects.get(user=registered.created_by)  # the one they had, untouched
    assert kept.category.slug == "trainee-non-member"
    assert Recipient.objects.count() == 2
    assert len(_decision_emails()) == 2


def test_the_email_does_not_promise_a_registration_that_was_not_granted(
    travel_cycle, open_meeting, staff_user
):
    registered = _submitted(travel_cycle, career_stage=CareerStage.POSTDOC)
    registration_grant(
        user=registered.created_by,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="trainee-non-member"),
        attendee=Attendee(badge_name="Early", affiliation="Lab", country="GB"),
        actor=staff_user,
    )
    _decide(registered, "awarded", staff_user)

    services.decisions_release(cycle=travel_cycle, actor=staff_user)

    email = OutboundEmail.objects.get(template="awards/email/decision_awarded")
    assert "complimentary registration" not in email.body_text
    assert "complimentary registration" not in email.body_html


def test_a_nominee_without_an_account_is_told_and_staff_get_a_note(travel_cycle, staff_user):
    travel_cycle.intake = "both"
    travel_cycle.save()
    nominator = make_member(institution="Nominating Lab")
    nomination = _nominated(
        travel_cycle, nominator, name="Nadia Nominee", email="nadia@example.org"
    )
    assert nomination.candidate is None
    _decide(nomination, "awarded", staff_user, citation="For a great abstract.")

    result = services.decisions_release(cycle=travel_cycle, actor=staff_user)

    assert (result.sent, result.awarded) == (1, 1)
    nomination.refresh_from_db()
    assert "No account for nadia@example.org" in nomination.benefits_note
    assert result.notes == [f"Nadia Nominee: {nomination.benefits_note}"]
    assert not Registration.objects.exists()
    assert Recipient.objects.get().name == "Nadia Nominee"
    assert sorted(to for _, to in _decision_emails()) == sorted(
        [nominator.email, "nadia@example.org"]
    )


def test_the_emails_about_a_nomination_promise_nothing_that_was_not_given(travel_cycle, staff_user):
    """The nominee has no account, so no registration is in anyone's account; the nominator's
    own account gets nothing either."""
    travel_cycle.intake = "both"
    travel_cycle.save()
    nominator = make_member(institution="Nominating Lab")
    nomination = _nominated(travel_cycle, nominator, name="Nadia", email="nadia@example.org")
    _decide(nomination, "awarded", staff_user)

    services.decisions_release(cycle=travel_cycle, actor=staff_user)

    for email in OutboundEmail.objects.filter(template="awards/email/decision_awarded"):
        assert "is in your account" not in email.body_text, email.to_email


def test_the_nominator_is_not_told_a_registration_is_in_their_account(travel_cycle, staff_user):
    travel_cycle.intake = "both"
    travel_cycle.save()
    nominator = make_member(institution="Nominating Lab")
    nominee = make_member(first_name="Nia", institution="Nominee Lab")
    nomination = _nominated(travel_cycle, nominator, name="Nia", email=nominee.email)
    _decide(nomination, "awarded", staff_user)

    services.decisions_release(cycle=travel_cycle, actor=staff_user)

    assert Registration.objects.get().user == nominee
    to_nominee = OutboundEmail.objects.get(
        template="awards/email/decision_awarded", to_email=nominee.email
    )
    to_nominator = OutboundEmail.objects.get(
        template="awards/email/decision_awarded", to_email=nominator.email
    )
    assert "is in your account" in to_nominee.body_text
    assert "is in your account" not in to_nominator.body_text


# --- Two people releasing at once ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_staff_releasing_at_once_send_each_decision_once(travel_cycle, staff_user):
    winners = [_submitted(travel_cycle, career_stage=CareerStage.POSTDOC) for _ in range(3)]
    others = [_submitted(travel_cycle, career_stage=CareerStage.POSTDOC) for _ in range(3)]
    for application in winners:
        _decide(application, "awarded", staff_user)
    for application in others:
        _decide(application, "declined", staff_user)

    outcomes = race([lambda: services.decisions_release(cycle=travel_cycle, actor=staff_user)] * 2)

    assert all(isinstance(o, services.ReleaseResult) for o in outcomes), outcomes
    assert sum(o.sent for o in outcomes) == 6
    assert sum(o.awarded for o in outcomes) == 3
    emails = Counter(_decision_emails())
    assert set(emails.values()) == {1}
    assert emails == Counter(
        [("awards/email/decision_awarded", a.created_by.email) for a in winners]
        + [("awards/email/decision_declined", a.created_by.email) for a in others]
    )
    assert sorted(Registration.objects.values_list("user", flat=True)) == sorted(
        a.created_by_id for a in winners
    )
    assert Recipient.objects.count() == 3
    assert not Application.objects.filter(decision_released_at__isnull=True).exists()


# --- Query counts -------------------------------------------------------------------------------


def test_the_reviewer_s_list_and_the_ranking_take_fixed_queries(cycle, staff_user):
    reviewers = [_reviewer(f"R{n}", cycle=cycle) for n in range(2)]

    def grow(n):
        for _ in range(n):
            application = _submitted(cycle)
            first, second = (_assign(application, r, staff_user) for r in reviewers)
            _review(first, science=4, promise=3)
            _review(second, science=2, promise=5, submit=False)

    def read():
        return (
            [str(r.application.cycle.program) for r in selectors.reviews_of(user=reviewers[0])],
            [row.application.candidate_name for row in selectors.cycle_ranking(cycle=cycle)],
            [str(member.reviewer) for member in selectors.panel_load(cycle=cycle)],
        )

    assert_queries_at_sizes(expected=3, grow=grow, action=read, sizes=(2, 6))
    assert len(selectors.reviews_of(user=reviewers[0])) == 8


def test_peer_reviews_take_fixed_queries(cycle, staff_user):
    cycle.reviews_per_application = 20
    cycle.save()
    application = _submitted(cycle)
    mine = _review(
        _assign(application, _reviewer("Me", cycle=cycle), staff_user), science=3, promise=3
    )

    def grow(n):
        for _ in range(n):
            peer = _reviewer(f"Peer{next(_applicants)}", cycle=cycle)
            _review(_assign(application, peer, staff_user), science=5, promise=4)

    def read():
        for review in selectors.peer_reviews(review=mine):
            str(review.reviewer)
            [score.criterion.name for score in review.scores.all()]

    # The reviews, their scores, and the scores' criteria.
    assert_queries_at_sizes(expected=3, grow=grow, action=read, sizes=(2, 6))
    assert len(selectors.peer_reviews(review=mine)) == 8
