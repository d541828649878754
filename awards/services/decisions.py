"""Decisions: recording them, releasing them all at once, and the emails that tell people.
The engine (`icis.review`) holds and releases them; what an award grants and what its emails
say are in `.reviewing` (the award kind) and `.benefits`."""

from dataclasses import dataclass
from datetime import datetime

from icis.review import services as review

from ..models import Application, AwardCycle
from .reviewing import award_reviews, decision_email_context, decision_recipients

__all__ = [
    "ReleaseResult",
    "decision_email_context",
    "decision_recipients",
    "decision_record",
    "decisions_pending",
    "decisions_release",
]


def decision_record(
    *, application_id: int, decision: str, citation: str = "", actor, now: datetime | None = None
) -> Application:
    """Staff record (or change, or clear) a decision. Nothing is sent until the decisions are
    released; a released decision is final (only the waiting list can still be awarded)."""
    return review.decision_record(
        kind=award_reviews,
        item_id=application_id,
        decision=decision,
        citation=citation,
        actor=actor,
        now=now,
    )


def decisions_pending(cycle: AwardCycle):
    return review.decisions_pending(kind=award_reviews, round=cycle)


@dataclass(frozen=True)
class ReleaseResult:
    sent: int
    awarded: int
    notes: list[str]


def decisions_release(*, cycle: AwardCycle, actor, now: datetime | None = None) -> ReleaseResult:
    """Send every recorded, unsent decision at once and apply what each award grants. Each
    application is released in its own transaction, so one that cannot be granted (the
    meeting is full, say) keeps its note and the others still go; each email goes out once,
    whoever presses the button and however often."""
    released = review.decisions_release(kind=award_reviews, round=cycle, actor=actor, now=now)
    return ReleaseResult(
        sent=released.sent,
        awarded=released.decisions[Application.Decision.AWARDED],
        notes=released.notes,
    )
