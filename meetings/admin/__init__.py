"""The meetings admins, one module per part of the work; importing them registers them all."""

from icis.core.admin import InlineChangesAuditedMixin

from . import announcements, attendance, content, filters, pricing, registration
from .announcements import AnnouncementAdmin, AnnouncementForm
from .attendance import CmeClaimAdmin, WaitlistEntryAdmin
from .content import CommitteeAdmin, MeetingAdmin, PersonAdmin, SessionAdmin, SponsorAdmin
from .fields import CategoryChoiceField, CategoryMultipleChoiceField
from .filters import CategoryFilter, MemberFilter, RegistrationCountryFilter
from .pricing import PromoCodeAdmin, PromoCodeForm, RegistrationCategoryAdmin
from .registration import ManualRegistrationForm, RegistrationAdmin

__all__ = [
    "AnnouncementAdmin",
    "AnnouncementForm",
    "CategoryChoiceField",
    "CategoryFilter",
    "CategoryMultipleChoiceField",
    "CmeClaimAdmin",
    "CommitteeAdmin",
    "InlineChangesAuditedMixin",
    "ManualRegistrationForm",
    "MeetingAdmin",
    "MemberFilter",
    "PersonAdmin",
    "PromoCodeAdmin",
    "PromoCodeForm",
    "RegistrationAdmin",
    "RegistrationCategoryAdmin",
    "RegistrationCountryFilter",
    "SessionAdmin",
    "SponsorAdmin",
    "WaitlistEntryAdmin",
    "announcements",
    "attendance",
    "content",
    "filters",
    "pricing",
    "registration",
]
