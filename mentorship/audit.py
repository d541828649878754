"""What the audit log records about mentorship (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Mentorship")
class MentorshipAction(models.TextChoices):
    MENTOR_SAVED = "mentorship.mentor_saved", "Mentor profile saved"
    MENTOR_STAFF_PAUSED = "mentorship.mentor_staff_paused", "Mentor paused by staff"
    MENTOR_STAFF_RESUMED = "mentorship.mentor_staff_resumed", "Mentor resumed by staff"
    REQUEST_SENT = "mentorship.request_sent", "Mentorship requested"
    REQUEST_ACCEPTED = "mentorship.request_accepted", "Mentorship request accepted"
    REQUEST_DECLINED = "mentorship.request_declined", "Mentorship request declined"
    REQUEST_WITHDRAWN = "mentorship.request_withdrawn", "Mentorship request withdrawn"
    REQUEST_EXPIRED = "mentorship.request_expired", "Mentorship request expired"
    PAIRING_GOALS_SAVED = "mentorship.pairing_goals", "Pairing goals saved"
    PAIRING_ENDED = "mentorship.pairing_ended", "Pairing ended"
    FEEDBACK_GIVEN = "mentorship.feedback", "Pairing feedback given"
    SPEED_SEAT_BOOKED = "mentorship.speed_booked", "Speed-mentoring seat booked"
    SPEED_SEAT_CANCELLED = "mentorship.speed_cancelled", "Speed-mentoring seat given up"
    ACCOUNT_ERASED = "mentorship.account_erased", "Mentorship data erased with an account"


# Edited in the admin (`AuditedModelAdmin`).
MentorshipAdminEdit = audit_actions("Mentorship")(
    admin_edit_actions(
        "MentorshipAdminEdit",
        {"speedsession": "Speed-mentoring session", "speedtable": "Speed-mentoring table"},
        module=__name__,
    )
)
