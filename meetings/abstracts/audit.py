"""What the audit log records about abstracts (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Abstracts")
class AbstractAction(models.TextChoices):
    STARTED = "abstract.started", "Abstract draft started"
    SUBMITTED = "abstract.submitted", "Abstract submitted"
    REVISED = "abstract.revised", "Submitted abstract changed before the deadline"
    WITHDRAWN = "abstract.withdrawn", "Abstract withdrawn"
    ACCOUNT_ERASED = "abstract.account_erased", "Abstracts of an erased account removed"
    REVIEW_ASSIGNED = "abstract.review_assigned", "Abstract review assigned"
    REVIEWS_ASSIGNED = "abstract.reviews_assigned", "Abstract reviews assigned to the panel"
    CONFLICT_DECLARED = "abstract.conflict_declared", "Conflict declared by an abstract reviewer"
    CONFLICT_RECORDED = "abstract.conflict_recorded", "Abstract review conflict recorded by staff"
    REVIEW_SUBMITTED = "abstract.review_submitted", "Abstract review submitted"
    DECISION_RECORDED = "abstract.decision_recorded", "Abstract decision recorded"
    DECISION_RELEASED = "abstract.decision_released", "Abstract decision released to its authors"
    DECISIONS_RELEASED = "abstract.decisions_released", "Abstract decisions of a call released"
    PRESENTER_CONFIRMED = "abstract.presenter_confirmed", "Presenting author confirmed"
    SLOT_FREED = "abstract.slot_freed", "Accepted abstract withdrawn: talk or board freed"
    REVIEWS_ERASED = "abstract.reviews_erased", "Abstract reviews of an erased account removed"


# Edited in the admin (`AuditedModelAdmin` and the call's topic inline).
AbstractsAdminEdit = audit_actions("Abstracts")(
    admin_edit_actions(
        "AbstractsAdminEdit",
        {
            "abstractcall": "Call for abstracts",
            "abstracttopic": "Abstract topic",
            "abstractcriterion": "Abstract review criterion",
            "abstractpanelmember": "Abstract reviewer",
        },
        module=__name__,
    )
)
