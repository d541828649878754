"""What the audit log records about meetings and registration (values as stored; see
`icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Meetings")
class MeetingAction(models.TextChoices):
    REGISTRATION_HOLD = "registration.hold", "Registration place held for payment"
    REGISTRATION_FREE = "registration.free", "Free registration confirmed"
    REGISTRATION_CONFIRMED = "registration.confirmed", "Registration confirmed"
    REGISTRATION_GRANTED = "registration.granted", "Complimentary registration granted"
    REGISTRATION_DETAILS_CHANGED = "registration.details_changed", "Registration details changed"
    REGISTRATION_CANCELLED = "registration.cancelled", "Registration cancelled"
    REGISTRATION_REFUND_FAILED = "registration.refund_failed", "Registration refund failed"
    REGISTRATION_HOLD_RELEASED = "registration.hold_released", "Held registration place released"
    WAITLIST_JOIN = "waitlist.join", "Joined the waiting list"
    CME_CLAIM = "cme.claim", "CME credits claimed"
    ANNOUNCEMENT_SEND = "announcement.send", "Announcement sent"
    ACCOUNT_ERASED = "meeting.account_erased", "Meeting records of an erased account removed"


# Content staff edit in the admin (`AuditedModelAdmin` and the inlines it audits).
# An announcement drafted from a format change is recorded as ANNOUNCEMENT_CREATE too.
MeetingsAdminEdit = audit_actions("Meetings")(
    admin_edit_actions(
        "MeetingsAdminEdit",
        {
            "meeting": "Meeting",
            "formatchange": "Format change",
            "committee": "Committee",
            "person": "Person",
            "sponsortier": "Sponsor tier",
            "sponsor": "Sponsor",
            "partner": "Partner",
            "grantacknowledgement": "Grant acknowledgement",
            "accreditation": "Accreditation",
            "compliancenotice": "Compliance notice",
            "programday": "Program day",
            "talk": "Talk",
            "session": "Session",
            "registrationsettings": "Registration settings",
            "registrationcategory": "Registration category",
            "fee": "Fee",
            "feewindow": "Fee window",
            "refundrule": "Refund rule",
            "promocode": "Promo code",
            "announcement": "Announcement",
        },
        module=__name__,
    )
)
