"""The engine's writes. Each takes the domain's `ReviewKind` as `kind=`; the domain's own
services wrap them under their own names (awards: `awards.services.judging`, `.decisions`)."""

from .assignment import AssignmentResult, review_assign, reviewer_conflict, reviews_assign_automatic
from .conflicts import conflict_declare, conflict_record
from .decisions import ReleaseResult, decision_record, decisions_pending, decisions_release
from .scoring import review_save, scores_checked

__all__ = [
    "AssignmentResult",
    "ReleaseResult",
    "conflict_declare",
    "conflict_record",
    "decision_record",
    "decisions_pending",
    "decisions_release",
    "review_assign",
    "review_save",
    "reviewer_conflict",
    "reviews_assign_automatic",
    "scores_checked",
]
