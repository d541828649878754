"""The meetings models, one module per part of the work; importing this package registers
them all, and every name stays importable from meetings.models."""

from .announcements import Announcement
from .attendance import CmeClaim, WaitlistEntry
from .meeting import (
    Accreditation,
    ComplianceNotice,
    Format,
    FormatChange,
    Meeting,
    MeetingQuerySet,
    Phase,
)
from .people import Committee, CommitteeMember, Person
from .program import ProgramDay, Session, Talk, TalkSpeaker
from .registration import (
    Fee,
    FeeWindow,
    PromoCode,
    RefundRule,
    Registration,
    RegistrationCategory,
    RegistrationQuerySet,
    RegistrationSettings,
)
from .sponsors import GrantAcknowledgement, Partner, Sponsor, SponsorTier

__all__ = [
    "Accreditation",
    "Announcement",
    "CmeClaim",
    "Committee",
    "CommitteeMember",
    "ComplianceNotice",
    "Fee",
    "FeeWindow",
    "Format",
    "FormatChange",
    "GrantAcknowledgement",
    "Meeting",
    "MeetingQuerySet",
    "Partner",
    "Person",
    "Phase",
    "ProgramDay",
    "PromoCode",
    "RefundRule",
    "Registration",
    "RegistrationCategory",
    "RegistrationQuerySet",
    "RegistrationSettings",
    "Session",
    "Sponsor",
    "SponsorTier",
    "Talk",
    "TalkSpeaker",
    "WaitlistEntry",
]
