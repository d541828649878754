"""Judging: assigning reviewers (by hand or automatically), conflicts of interest, and
scoring. The engine (`icis.review`) does the work; these are its award names, as callers have
always used them."""

from datetime import datetime

from icis.review import algorithms
from icis.review import services as review

from ..models import Application, AwardCycle, Conflict, Review
from .reviewing import application_facts, award_reviews, reviewer_facts

AssignmentResult = review.AssignmentResult


def conflict_reason(
    application: Application,
    reviewer,
    *,
    institution: str,
    declared: set,
    nominated: frozenset = frozenset(),
) -> str:
    """Why `reviewer` must not judge `application`, or "" when they may. `nominated` holds
    (reviewer id, candidate email) for every nomination in the call: someone who nominated a
    candidate judges none of that candidate's applications or nominations."""
    email = application.candidate_email.lower()
    facts = application_facts(
        application, nominators=[pk for pk, nominee in nominated if nominee == email]
    )
    return algorithms.conflict_reason(
        facts, reviewer_facts(reviewer, institution), declared=declared
    )


def review_assign(*, application_id: int, reviewer, actor, now: datetime | None = None) -> Review:
    """Staff assign one application to one panel member by hand; conflicts are refused."""
    return review.review_assign(
        kind=award_reviews, item_id=application_id, reviewer=reviewer, actor=actor, now=now
    )


def reviews_assign_automatic(
    *, cycle: AwardCycle, actor, now: datetime | None = None
) -> AssignmentResult:
    """Give every submitted application `reviews_per_application` reviewers, spreading the
    load evenly and never assigning a conflict. Assignments already made are kept; running it
    again only fills gaps (after a withdrawal or a declared conflict, say)."""
    return review.reviews_assign_automatic(kind=award_reviews, round=cycle, actor=actor, now=now)


def conflict_declare(
    *, review_id: int, reviewer, reason: str, now: datetime | None = None
) -> Conflict:
    """A reviewer steps aside from an application; the assignment goes, and automatic
    assignment will never give it back to them."""
    return review.conflict_declare(
        kind=award_reviews, review_id=review_id, reviewer=reviewer, reason=reason, now=now
    )


def conflict_record(
    *, application_id: int, reviewer, reason: str, actor, now: datetime | None = None
) -> Conflict:
    """Staff record a conflict they learn of: an unsubmitted assignment goes at once; a review
    already submitted must be dealt with first, so it is refused."""
    return review.conflict_record(
        kind=award_reviews,
        item_id=application_id,
        reviewer=reviewer,
        reason=reason,
        actor=actor,
        now=now,
    )


def review_save(
    *,
    review_id: int,
    reviewer,
    scores: dict[int, int],
    comment: str,
    submit: bool,
    now: datetime | None = None,
) -> Review:
    """Save scores as a draft, or submit them; a submitted review is final."""
    return review.review_save(
        kind=award_reviews,
        review_id=review_id,
        reviewer=reviewer,
        scores=scores,
        comment=comment,
        submit=submit,
        now=now,
    )
