"""Conflicts of interest: declared by a reviewer, or recorded by staff. Either way the
reviewer's unsubmitted assignment goes, and automatic assignment never gives it back."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one

from ..kinds import ReviewKind
from ._common import locked_or_none


def _conflict_add(kind: ReviewKind, item, reviewer, *, reason: str, actor, action, now: datetime):
    """The one way a conflict is set: recorded once, the reviewer's unsubmitted assignment
    removed with it, audited. Callers have refused a submitted review already."""
    conflict, created = kind.conflict_model.objects.get_or_create(
        **{kind.item_field: item, "reviewer": reviewer},
        defaults={"reason": reason.strip()[:300], "declared_at": now},
    )
    kind.review_model.objects.filter(
        **{kind.item_field: item, "reviewer": reviewer, "submitted_at__isnull": True}
    ).delete()
    if created:
        audit_record(
            actor=actor, action=action, target=item, now=now, data={"reviewer": reviewer.pk}
        )
    return conflict


@transaction.atomic
def conflict_declare(
    *, kind: ReviewKind, review_id: int, reviewer, reason: str, now: datetime | None = None
):
    """A reviewer steps aside from an item; the assignment goes, and automatic assignment
    will never give it back to them."""
    now = now or timezone.now()
    review = locked_or_none(
        kind.review_model.objects.select_related(kind.item_field), pk=review_id, reviewer=reviewer
    )
    if review is None:
        raise kind.error("There is no such assignment.")
    if review.is_submitted:
        raise kind.error("You have already submitted this review; ask the office to remove it.")
    return _conflict_add(
        kind,
        getattr(review, kind.item_field),
        reviewer,
        reason=reason.strip() or "Declared by the reviewer",
        actor=reviewer,
        action=kind.actions.conflict_declared,
        now=now,
    )


@transaction.atomic
def conflict_record(
    *, kind: ReviewKind, item_id: int, reviewer, reason: str, actor, now: datetime | None = None
):
    """Staff record a conflict they learn of: an unsubmitted assignment goes at once; a review
    already submitted must be dealt with first, so it is refused."""
    now = now or timezone.now()
    item = lock_one(kind.item_model, pk=item_id)
    review = kind.review_model.objects.filter(
        **{kind.item_field: item, "reviewer": reviewer}
    ).first()
    if review is not None and review.is_submitted:
        raise kind.error(f"{reviewer} has already submitted a review of {kind.label(item)}.")
    return _conflict_add(
        kind,
        item,
        reviewer,
        reason=reason.strip() or "Recorded by staff",
        actor=actor,
        action=kind.actions.conflict_recorded,
        now=now,
    )
