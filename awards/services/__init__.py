"""Awards' writes: applying and nominating, files and referee letters, assigning and scoring,
decisions and what an award grants.

Every change an applicant makes locks the application row and checks the deadline on the
server, so a form kept open past the deadline, or two tabs, cannot change a closed call.

The writes live in the modules named for what they do; every public name is also importable
from `awards.services`, as callers have always done."""

from .abstracts import (
    Entered,
    abstract_choices,
    abstract_problem,
    trainee_abstracts_enter,
)
from .applications import (
    Nominee,
    account_erase,
    application_save,
    application_start,
    application_submit,
    application_withdraw,
    nomination_start,
    submission_problems,
)
from .benefits import grants_registration
from .decisions import (
    ReleaseResult,
    decision_email_context,
    decision_recipients,
    decision_record,
    decisions_pending,
    decisions_release,
)
from .documents import document_remove, document_upload
from .judging import (
    AssignmentResult,
    conflict_declare,
    conflict_reason,
    conflict_record,
    review_assign,
    review_save,
    reviews_assign_automatic,
)
from .referees import (
    REFEREE_LINK_DAYS,
    REFEREE_SALT,
    letter_upload,
    referee_from_token,
    referee_link_problem,
    referee_remind,
    referee_remove,
    referee_request,
    referee_token,
)

__all__ = [
    "REFEREE_LINK_DAYS",
    "REFEREE_SALT",
    "AssignmentResult",
    "Entered",
    "Nominee",
    "ReleaseResult",
    "abstract_choices",
    "abstract_problem",
    "account_erase",
    "application_save",
    "application_start",
    "application_submit",
    "application_withdraw",
    "conflict_declare",
    "conflict_reason",
    "conflict_record",
    "decision_email_context",
    "decision_recipients",
    "decision_record",
    "decisions_pending",
    "decisions_release",
    "document_remove",
    "document_upload",
    "grants_registration",
    "letter_upload",
    "nomination_start",
    "referee_from_token",
    "referee_link_problem",
    "referee_remind",
    "referee_remove",
    "referee_request",
    "referee_token",
    "review_assign",
    "review_save",
    "reviews_assign_automatic",
    "submission_problems",
    "trainee_abstracts_enter",
]
