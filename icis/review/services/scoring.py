"""Scoring: a reviewer saves their scores on the round's rubric as a draft, or submits them,
and the review's weighted score is set once, from the criteria's weights."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record

from ..algorithms import weighted_mean
from ..kinds import ReviewKind
from ..models import SCORE_MAX, SCORE_MIN
from ._common import locked_or_none


def scores_checked(criteria: dict, scores: dict[int, int | None], *, submit: bool, error) -> dict:
    """The scores given ({criterion id: value}), checked against the rubric; raises `error`
    for a criterion the rubric lacks, a value off the scale, or, on submitting, a gap."""
    given = {}
    for criterion_id, value in scores.items():
        if criterion_id not in criteria:
            raise error("A score was given for a criterion this call does not have.")
        if value is None:
            continue
        if not SCORE_MIN <= int(value) <= SCORE_MAX:
            raise error(f"Scores run from {SCORE_MIN} to {SCORE_MAX}.")
        given[criterion_id] = int(value)
    if submit and (not criteria or set(given) != set(criteria)):
        missing = [c.name for pk, c in criteria.items() if pk not in given]
        raise error("Score every criterion before submitting: " + ", ".join(missing) + ".")
    return given


@transaction.atomic
def review_save(
    *,
    kind: ReviewKind,
    review_id: int,
    reviewer,
    scores: dict[int, int],
    comment: str,
    submit: bool,
    now: datetime | None = None,
):
    """Save scores as a draft, or submit them; a submitted review is final."""
    now = now or timezone.now()
    review = locked_or_none(
        kind.review_model.objects.select_related(f"{kind.item_field}__{kind.round_field}"),
        of=("self",),
        pk=review_id,
        reviewer=reviewer,
    )
    if (
        review is None
        or kind.conflict_model.objects.filter(
            **{f"{kind.item_field}_id": getattr(review, f"{kind.item_field}_id")},
            reviewer=reviewer,
        ).exists()
    ):
        raise kind.error("There is no such assignment.")
    if review.is_submitted:
        raise kind.error("You have already submitted this review; it can no longer be changed.")
    item = getattr(review, kind.item_field)
    closed = kind.review_closed(item)
    if closed:
        raise kind.error(closed)
    criteria = {
        criterion.pk: criterion
        for criterion in kind.criterion_model.objects.filter(
            **{f"{kind.round_field}_id": kind.item_round_id(item)}
        )
    }
    given = scores_checked(criteria, scores, submit=submit, error=kind.error)
    kind.score_model.objects.filter(review=review).exclude(criterion_id__in=given).delete()
    for criterion_id, value in given.items():
        kind.score_model.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": value}
        )
    review.comment = comment.strip()[:5000]
    fields = ["comment"]
    if submit:
        review.weighted_score = weighted_mean(
            [(value, criteria[criterion_id].weight) for criterion_id, value in given.items()]
        )
        review.submitted_at = now
        fields += ["weighted_score", "submitted_at"]
        audit_record(actor=reviewer, action=kind.actions.review_submitted, target=review, now=now)
    review.save(update_fields=fields)
    return review
