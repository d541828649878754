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


# Edited in the admin (`AuditedModelAdmin` and the call's topic inline).
AbstractsAdminEdit = audit_actions("Abstracts")(
    admin_edit_actions(
        "AbstractsAdminEdit",
        {"abstractcall": "Call for abstracts", "abstracttopic": "Abstract topic"},
        module=__name__,
    )
)
