"""Assigning reviewers: by hand, one item to one panel member, or automatically, every item
under review to as many as the round wants (see `icis.review.algorithms.assignment_plan`)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue

from ..algorithms import assignment_plan, conflict_reason
from ..kinds import ReviewKind
from ._common import declared_in


def reviewer_conflict(kind: ReviewKind, item, reviewer) -> str:
    """Why `reviewer` must not judge `item` ("" when they may): reads the round's facts."""
    round = getattr(item, kind.round_field)
    facts = kind.item_facts([item], round=round)[item.pk]
    (reviewer_facts,) = kind.reviewer_facts([reviewer], round=round)
    return conflict_reason(facts, reviewer_facts, declared=declared_in(kind, round))


@transaction.atomic
def review_assign(*, kind: ReviewKind, item_id: int, reviewer, actor, now: datetime | None = None):
    """Staff assign one item to one panel member by hand; conflicts are refused."""
    now = now or timezone.now()
    item = lock_one(kind.item_model.objects.select_related(kind.round_field), pk=item_id)
    if not kind.is_under_review(item):
        raise kind.error(kind.not_under_review)
    round = getattr(item, kind.round_field)
    if not kind.panel_model.objects.filter(
        **{kind.round_field: round, "reviewer": reviewer}
    ).exists():
        raise kind.error(f"{reviewer} is not on the panel for {round}.")
    reason = reviewer_conflict(kind, item, reviewer)
    if reason:
        raise kind.error(f"{reviewer} cannot review {kind.label(item)}: {reason}.")
    review, created = kind.review_model.objects.get_or_create(
        **{kind.item_field: item, "reviewer": reviewer}, defaults={"assigned_at": now}
    )
    if created:
        audit_record(actor=actor, action=kind.actions.review_assigned, target=review, now=now)
        reviewers_tell(kind, round, [review], now=now)
    return review


def reviewers_tell(kind: ReviewKind, round, new_reviews: list, *, now: datetime) -> None:
    """One email to each reviewer for each assignment run, however many items it gave them,
    so a conflict can be declared before reading. Keyed by the first of those reviews, so
    each assignment is announced once."""
    by_reviewer = defaultdict(list)
    for review in new_reviews:
        by_reviewer[review.reviewer_id].append(review)
    if not by_reviewer:
        return
    reviewers = get_user_model().objects.in_bulk(list(by_reviewer))
    assigned = dict(
        kind.reviews_in(round)
        .filter(reviewer_id__in=by_reviewer)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    for reviewer_id, reviews in by_reviewer.items():
        reviewer = reviewers[reviewer_id]
        template, context = kind.assignment_email(
            round, reviewer, reviews, assigned=assigned.get(reviewer_id, len(reviews))
        )
        email_queue(
            to=reviewer.email,
            template=template,
            context=context,
            dedupe_key=f"{kind.name}-reviews-assigned:{min(review.pk for review in reviews)}",
            now=now,
        )


@dataclass(frozen=True)
class AssignmentResult:
    created: int
    short: list[tuple[object, int]]  # items left with fewer reviewers, and how many they have


@transaction.atomic
def reviews_assign_automatic(
    *, kind: ReviewKind, round, actor, now: datetime | None = None
) -> AssignmentResult:
    """Give every item under review the round's number of reviewers, spreading the load
    evenly and never assigning a conflict (nor a reviewer outside the item's topic).
    Assignments already made are kept; running it again only fills gaps (after a withdrawal
    or a declared conflict, say)."""
    now = now or timezone.now()
    round = lock_one(kind.round_model, pk=round.pk)  # one run at a time
    items = {item.pk: item for item in kind.items_under_review(round)}
    reviewers = [
        member.reviewer
        for member in kind.panel_model.objects.filter(**{kind.round_field: round}).select_related(
            "reviewer"
        )
    ]
    existing = set(kind.reviews_in(round).values_list(f"{kind.item_field}_id", "reviewer_id"))
    load = dict(
        kind.reviews_in(round)
        .filter(reviewer_id__in=[reviewer.pk for reviewer in reviewers])
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    facts = kind.item_facts(list(items.values()), round=round)
    plan = assignment_plan(
        [facts[pk] for pk in items],
        kind.reviewer_facts(reviewers, round=round),
        wanted=kind.reviews_wanted(round),
        existing=existing,
        load=load,
        declared=declared_in(kind, round),
    )
    by_id = {reviewer.pk: reviewer for reviewer in reviewers}
    new_reviews = [
        kind.review_model(
            **{kind.item_field: items[item_id], "reviewer": by_id[reviewer_id]}, assigned_at=now
        )
        for item_id, reviewer_id in plan.new
    ]
    kind.review_model.objects.bulk_create(new_reviews)
    reviewers_tell(kind, round, new_reviews, now=now)
    audit_record(
        actor=actor,
        action=kind.actions.reviews_assigned,
        target=round,
        data={"created": len(new_reviews), "short": [item_id for item_id, _ in plan.short]},
        now=now,
    )
    return AssignmentResult(
        created=len(new_reviews), short=[(items[item_id], have) for item_id, have in plan.short]
    )
