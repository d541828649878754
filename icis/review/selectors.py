"""The engine's reads: the ranking (mean, median, spread, deviation; per topic when asked),
the panel's load, what assignment and release start from, and what a reviewer may open. Each
takes the domain's `ReviewKind` as `kind=` and runs a fixed number of queries at any size."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import groupby

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    StdDev,
)

from .kinds import ReviewKind


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass
class RankedItem:
    item: object
    reviews: int
    assigned: int
    mean: Decimal | None
    median: float | None
    low: Decimal | None
    high: Decimal | None
    std_dev: float | None

    @property
    def spread(self) -> Decimal | None:
        return None if self.low is None else self.high - self.low


def ranking(
    *,
    kind: ReviewKind,
    items,
    tiebreak: tuple[str, ...] = ("pk",),
    row: type[RankedItem] = RankedItem,
    group_by: str | None = None,
):
    """`items` (a queryset of the kind's items), best mean first, with the median, the
    number of reviews submitted and assigned, and the spread and sample deviation of the
    weighted scores; ties go to the higher median, then the panel agreeing more, then more
    reviews, then `tiebreak`. 1 query.

    With `group_by` (a topic column), a ranking per value instead: [(value, rows), ...] in the
    value's order, still 1 query."""
    reviews = kind.item_reviews
    score = f"{reviews}__weighted_score"
    submitted = Q(**{f"{reviews}__submitted_at__isnull": False})
    rows = items.annotate(
        review_count=Count(reviews, filter=submitted),
        assigned_count=Count(reviews),
        mean=Avg(
            score, filter=submitted, output_field=DecimalField(max_digits=4, decimal_places=2)
        ),
        median=Median(score, filter=submitted),
        low=Min(score, filter=submitted),
        high=Max(score, filter=submitted),
        # The sample deviation: the panel is a sample of opinion, and one review has none.
        std_dev=StdDev(score, filter=submitted, sample=True),
    ).order_by(
        *([group_by] if group_by else []),
        F("mean").desc(nulls_last=True),
        F("median").desc(nulls_last=True),
        (F("high") - F("low")).asc(nulls_last=True),  # the panel agreeing ranks higher
        F("review_count").desc(),
        *tiebreak,
    )
    ranked = [
        row(
            item=found,
            reviews=found.review_count,
            assigned=found.assigned_count,
            mean=found.mean.quantize(Decimal("0.01")) if found.mean is not None else None,
            median=found.median,
            low=found.low,
            high=found.high,
            std_dev=found.std_dev,
        )
        for found in rows
    ]
    if group_by is None:
        return ranked
    return [
        (value, list(group))
        for value, group in groupby(ranked, key=lambda ranked: getattr(ranked.item, group_by))
    ]


def panel_load(*, kind: ReviewKind, round) -> list:
    """The panel with each reviewer's number of assignments in the round (`assigned`) and how
    many they have submitted (`submitted`). 1 query."""
    mine = f"reviewer__{kind.reviewer_reviews}"
    reviews = kind.reviews_in(round)
    return list(
        kind.panel_model.objects.filter(**{kind.round_field: round})
        .select_related("reviewer")
        .annotate(
            assigned=Count(mine, filter=Q(**{f"{mine}__in": reviews}), distinct=True),
            submitted=Count(
                mine,
                filter=Q(**{f"{mine}__in": reviews, f"{mine}__submitted_at__isnull": False}),
                distinct=True,
            ),
        )
    )


@dataclass
class AssignmentCounts:
    submitted: int
    assigned: int
    panel_size: int


def assignment_counts(*, kind: ReviewKind, round) -> AssignmentCounts:
    """What automatic assignment starts from: the items under review, the reviews they have,
    and the panel's size."""
    return AssignmentCounts(
        submitted=kind.items_under_review(round).count(),
        assigned=kind.reviews_under_review(round).count(),
        panel_size=kind.panel_model.objects.filter(**{kind.round_field: round}).count(),
    )


def decision_counts(*, kind: ReviewKind, round) -> Counter:
    """How many items under review have each decision ("" for undecided), sent or not."""
    return Counter(
        dict(
            kind.items_under_review(round)
            .order_by()
            .values_list("decision")
            .annotate(n=Count("pk"))
        )
    )


def unconflicted(kind: ReviewKind, reviews):
    """`reviews` without those whose reviewer is in conflict with the item."""
    return reviews.exclude(
        Exists(
            kind.conflict_model.objects.filter(
                **{f"{kind.item_field}_id": OuterRef(f"{kind.item_field}_id")},
                reviewer_id=OuterRef("reviewer_id"),
            )
        )
    )


def is_assigned(*, kind: ReviewKind, item_id: int, user) -> bool:
    """Assigned to review it and not in conflict with it."""
    mine = {f"{kind.item_field}_id": item_id, "reviewer": user}
    return (
        kind.review_model.objects.filter(**mine)
        .exclude(Exists(kind.conflict_model.objects.filter(**mine)))
        .exists()
    )


def review_for(
    *,
    kind: ReviewKind,
    review_id: int,
    user,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
):
    """The reviewer's own assignment, unless they have a conflict with its item."""
    return (
        unconflicted(kind, kind.review_model.objects.filter(pk=review_id, reviewer=user))
        .select_related(*select_related)
        .prefetch_related(*prefetch_related)
        .first()
    )


def peer_reviews(*, kind: ReviewKind, review) -> list:
    """Other reviewers' submitted scores, shown only once this reviewer has submitted theirs.
    3 queries: the reviews, their scores, and the scores' criteria."""
    if not review.is_submitted:
        return []
    item_id = f"{kind.item_field}_id"
    return list(
        kind.review_model.objects.filter(
            **{item_id: getattr(review, item_id)}, submitted_at__isnull=False
        )
        .exclude(pk=review.pk)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
    )


def rounds_in_progress(
    *, kind: ReviewKind, now: datetime, fields: tuple[str, ...], name: Callable[[dict], str]
) -> list[dict]:
    """For the staff dashboard: each round that has opened and is still open or has items
    under review without a released decision, soonest closing first, as {"id", "name" (by
    `name` from the round's `fields`), "closes_at", and how many items are under review
    ("submitted"), "reviewed" (at least one review in) and "decided"}. One query."""
    items = kind.item_model._meta.get_field(kind.round_field).related_query_name()
    under_review = Q(**{f"{items}__{field}": value for field, value in kind.under_review.items()})
    reviewed = kind.review_model.objects.filter(
        **{kind.item_field: OuterRef("pk")}, submitted_at__isnull=False
    )
    reviewed_ids = kind.item_model.objects.filter(Exists(reviewed)).values("pk")
    rounds = (
        kind.round_model.objects.filter(opens_at__lte=now)
        .annotate(
            submitted=Count(items, filter=under_review),
            reviewed=Count(items, filter=under_review & Q(**{f"{items}__in": reviewed_ids})),
            decided=Count(items, filter=under_review & ~Q(**{f"{items}__decision": ""})),
            unreleased=Count(
                items,
                filter=under_review & Q(**{f"{items}__decision_released_at__isnull": True}),
            ),
        )
        .filter(Q(closes_at__gt=now) | Q(unreleased__gt=0))
        .values("pk", *fields, "closes_at", "submitted", "reviewed", "decided")
        .order_by("closes_at", "pk")
    )
    return [
        {
            "id": row["pk"],
            "name": name(row),
            "closes_at": row["closes_at"],
            "submitted": row["submitted"],
            "reviewed": row["reviewed"],
            "decided": row["decided"],
        }
        for row in rounds
    ]
