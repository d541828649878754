"""What the audit log records about awards (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Awards")
class AwardAction(models.TextChoices):
    APPLICATION_STARTED = "award.application_started", "Application started"
    APPLICATION_REOPENED = "award.application_reopened", "Application reopened"
    NOMINATION_STARTED = "award.nomination_started", "Nomination started"
    NOMINATION_REOPENED = "award.nomination_reopened", "Nomination reopened"
    DOCUMENT_UPLOADED = "award.document_uploaded", "Application document uploaded"
    REFEREE_REQUESTED = "award.referee_requested", "Reference letter requested"
    REFEREE_REMINDED = "award.referee_reminded", "Referee reminded"
    LETTER_RECEIVED = "award.letter_received", "Reference letter received"
    APPLICATION_ENTERED_FROM_ABSTRACT = (
        "award.application_entered_from_abstract",
        "Application entered from an abstract",
    )
    APPLICATION_SUBMITTED = "award.application_submitted", "Application submitted"
    APPLICATION_WITHDRAWN = "award.application_withdrawn", "Application withdrawn"
    REVIEW_ASSIGNED = "award.review_assigned", "Review assigned"
    REVIEWS_ASSIGNED = "award.reviews_assigned", "Reviews assigned to the panel"
    CONFLICT_DECLARED = "award.conflict_declared", "Conflict declared by a reviewer"
    CONFLICT_RECORDED = "award.conflict_recorded", "Conflict recorded by staff"
    REVIEW_SUBMITTED = "award.review_submitted", "Review submitted"
    DECISION_RECORDED = "award.decision_recorded", "Decision recorded"
    DECISION_RELEASED = "award.decision_released", "Decision released to the applicant"
    DECISIONS_RELEASED = "award.decisions_released", "Decisions of a cycle released"
    ACCOUNT_ERASED = "award.account_erased", "Award records of an erased account removed"


# Edited in the admin (`AuditedModelAdmin` and the inlines of the award cycle).
AwardsAdminEdit = audit_actions("Awards")(
    admin_edit_actions(
        "AwardsAdminEdit",
        {
            "awardprogram": "Award program",
            "awardcycle": "Award cycle",
            "requireddocument": "Required document",
            "criterion": "Criterion",
            "panelmember": "Panel member",
            "recipient": "Recipient",
        },
        module=__name__,
    )
)
