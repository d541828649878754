"""The engine's rules as plain functions of plain data: who may judge what, who is assigned
what, and a review's weighted score. No database here, so they are tested and measured alone
(`tests/review/`, `benchmarks/review_assignment.py`); the services feed them from the tables."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Interest:
    """Someone with a stake in an item, who therefore may not judge it: its author or
    applicant, a co-author, a nominator. Matched by account or by email address."""

    reason: str  # what the reviewer is told: "their own application", "a co-author"
    user_id: int | None = None
    email: str = ""


@dataclass(frozen=True)
class ItemFacts:
    """What the engine needs to know of one reviewed item."""

    pk: int
    interests: tuple[Interest, ...] = ()
    institutions: tuple[str, ...] = ()  # the candidate's or the authors'
    topics: frozenset[str] = frozenset()  # empty: any reviewer may judge it


@dataclass(frozen=True)
class ReviewerFacts:
    """What the engine needs to know of one panel member."""

    pk: int
    email: str = ""
    institution: str = ""
    topics: frozenset[str] | None = None  # the topics they judge; None: every topic


def normalised(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


def conflict_reason(
    item: ItemFacts, reviewer: ReviewerFacts, *, declared: Iterable[tuple[int, int]] = ()
) -> str:
    """Why `reviewer` must not judge `item`, or "" when they may. In order: a stake of their
    own (the first interest that names them), the same institution, a declared conflict
    (`declared` holds (item id, reviewer id) pairs)."""
    email = reviewer.email.lower()
    for interest in item.interests:
        if reviewer.pk == interest.user_id or (interest.email and email == interest.email.lower()):
            return interest.reason
    if reviewer.institution.strip():
        own = normalised(reviewer.institution)
        for institution in item.institutions:
            if own == normalised(institution):
                return f"the same institution ({institution})"
    if (item.pk, reviewer.pk) in declared:
        return "a declared conflict"
    return ""


def judges_topic(item: ItemFacts, reviewer: ReviewerFacts) -> bool:
    """A reviewer judges an item when it has no topic, they list none, or they share one."""
    return not item.topics or reviewer.topics is None or bool(item.topics & reviewer.topics)


@dataclass
class Plan:
    new: list[tuple[int, int]] = field(default_factory=list)  # (item id, reviewer id) to add
    short: list[tuple[int, int]] = field(default_factory=list)  # (item id, reviewers it has)


def assignment_plan(
    items: list[ItemFacts],
    reviewers: list[ReviewerFacts],
    *,
    wanted: int,
    existing: set[tuple[int, int]] = frozenset(),
    load: Mapping[int, int] | None = None,
    declared: set[tuple[int, int]] = frozenset(),
) -> Plan:
    """Give every item `wanted` reviewers, never one in conflict with it or outside its topic.
    The most constrained items choose first (fewest eligible reviewers), so they are not left
    without; each takes the least loaded eligible reviewers (fewest assignments in the round,
    then the lowest id). `existing` assignments are kept and count towards `wanted` and the
    load; running the plan again only fills gaps."""
    load = {reviewer.pk: 0 for reviewer in reviewers} | dict(load or {})
    eligible = {
        item.pk: [
            reviewer.pk
            for reviewer in reviewers
            if judges_topic(item, reviewer)
            and not conflict_reason(item, reviewer, declared=declared)
        ]
        for item in items
    }
    panel = [reviewer.pk for reviewer in reviewers]
    plan = Plan()
    for item in sorted(items, key=lambda item: (len(eligible[item.pk]), item.pk)):
        have = sum(1 for reviewer_id in panel if (item.pk, reviewer_id) in existing)
        choices = sorted(
            (r for r in eligible[item.pk] if (item.pk, r) not in existing),
            key=lambda reviewer_id: (load[reviewer_id], reviewer_id),
        )
        for reviewer_id in choices[: max(wanted - have, 0)]:
            plan.new.append((item.pk, reviewer_id))
            load[reviewer_id] += 1
            have += 1
        if have < wanted:
            plan.short.append((item.pk, have))
    return plan


def weighted_mean(pairs: list[tuple[int, int]]) -> Decimal:
    """(score, weight) pairs to a mean on the 1 to 5 scale, two decimals."""
    total_weight = sum(weight for _, weight in pairs)
    value = Decimal(sum(score * weight for score, weight in pairs)) / Decimal(total_weight)
    return value.quantize(Decimal("0.01"))
