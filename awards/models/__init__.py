"""Award programs and their yearly calls, the applications and nominations they receive, the
panel that judges them, and the recipients the society lists. One module per part of the work;
importing this package registers them all, and every name stays importable from awards.models."""

from .applications import (
    REFEREE_REMINDER_GAP,
    Application,
    ApplicationQuerySet,
    Document,
    RefereeRequest,
    _private_path,
    private_storage,
)
from .programs import (
    MAX_UPLOAD_MB,
    PDF_MAX_PAGES,
    AwardCycle,
    AwardProgram,
    Criterion,
    DocumentKind,
    Level,
    RequiredDocument,
)
from .reviews import Conflict, PanelMember, Recipient, Review, Score

__all__ = [
    "MAX_UPLOAD_MB",
    "PDF_MAX_PAGES",
    "REFEREE_REMINDER_GAP",
    "Application",
    "ApplicationQuerySet",
    "AwardCycle",
    "AwardProgram",
    "Conflict",
    "Criterion",
    "Document",
    "DocumentKind",
    "Level",
    "PanelMember",
    "Recipient",
    "RefereeRequest",
    "RequiredDocument",
    "Review",
    "Score",
    "_private_path",
    "private_storage",
]
