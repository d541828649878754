"""Decisions held, then released once: staff record (or change, or clear) a decision and
nothing is sent; releasing sends every recorded, unsent decision of a round at once, each in
its own transaction, so whoever presses the button and however often, each goes out once."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one

from ..kinds import ReviewKind
from ._common import locked_or_none


def _stamped(model) -> list[str]:
    """ "updated_at" when the item keeps one, so a save through update_fields moves it."""
    return ["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else []


@transaction.atomic
def decision_record(
    *,
    kind: ReviewKind,
    item_id: int,
    decision: str,
    actor,
    now: datetime | None = None,
    **details,
):
    """Staff record (or change, or clear) a decision, with the kind's `details` (a
    citation). Nothing is sent until the decisions are released; a released decision is
    final unless the kind lets it reopen (the waiting list promoted, say)."""
    now = now or timezone.now()
    try:
        item = lock_one(
            kind.item_model.objects.select_related(*kind.decide_related), of=("self",), pk=item_id
        )
    except kind.item_model.DoesNotExist:
        raise kind.error(kind.no_such_item) from None
    if not kind.is_under_review(item):
        raise kind.error(kind.not_decidable)
    if decision and decision not in kind.decisions:
        raise kind.error(kind.decision_invalid)
    if item.decision_released_at:
        if not kind.decision_reopens(item, decision):
            raise kind.error(kind.decision_final(item))
        item.decision_released_at = None
    item.decision = decision
    extra = kind.decision_details(item, **details)
    item.decided_at = now if decision else None
    item.decided_by = actor if decision else None
    item.save(
        update_fields=[
            "decision",
            *extra,
            "decided_at",
            "decided_by",
            "decision_released_at",
            *_stamped(kind.item_model),
        ]
    )
    audit_record(
        actor=actor,
        action=kind.actions.decision_recorded,
        target=item,
        data={"decision": decision},
        now=now,
    )
    return item


def decisions_pending(*, kind: ReviewKind, round):
    """The round's items under review with a decision recorded and not yet sent."""
    return (
        kind.items_under_review(round)
        .filter(decision_released_at__isnull=True)
        .exclude(decision="")
    )


@dataclass(frozen=True)
class ReleaseResult:
    sent: int
    decisions: Counter = field(default_factory=Counter)  # how many of each were sent
    notes: list[str] = field(default_factory=list)  # "<item>: what could not be granted"


def decisions_release(
    *, kind: ReviewKind, round, actor, now: datetime | None = None
) -> ReleaseResult:
    """Send every recorded, unsent decision of the round at once, each through the kind's
    `decision_release` (what it grants, its emails) in its own transaction: one that cannot
    be granted keeps its note and the others still go, and an item someone else is releasing
    at the same moment is skipped, not sent twice."""
    now = now or timezone.now()
    decisions, notes = Counter(), []
    for item_id in decisions_pending(kind=kind, round=round).values_list("pk", flat=True):
        released = _decision_release(kind, item_id=item_id, actor=actor, now=now)
        if released is None:
            continue
        item, note = released
        decisions[item.decision] += 1
        if note:
            notes.append(f"{kind.label(item)}: {note}")
    sent = sum(decisions.values())
    audit_record(
        actor=actor,
        action=kind.actions.decisions_released,
        target=round,
        data={"sent": sent},
        now=now,
    )
    return ReleaseResult(sent=sent, decisions=decisions, notes=notes)


@transaction.atomic
def _decision_release(kind: ReviewKind, *, item_id: int, actor, now: datetime):
    item = locked_or_none(
        kind.item_model.objects.select_related(*kind.release_related)
        .filter(decision_released_at__isnull=True)
        .exclude(decision=""),
        of=("self",),
        skip_locked=True,
        pk=item_id,
    )
    if item is None:  # released meanwhile, or being released by someone else now
        return None
    note = kind.decision_release(item, actor=actor, now=now)
    item.decision_released_at = now
    item.save(
        update_fields=["decision_released_at", *kind.release_fields, *_stamped(kind.item_model)]
    )
    audit_record(
        actor=actor,
        action=kind.actions.decision_released,
        target=item,
        data={"decision": item.decision},
        now=now,
    )
    return item, note
