"""What the audit log records about the exhibitor hall (values as stored; see
`icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Exhibitor hall")
class ExhibitorAction(models.TextChoices):
    LEADS_EXPORTED = "exhibitors.leads_exported", "Booth contact requests exported"


# Edited in the admin (`AuditedModelAdmin`, with its inlines).
ExhibitorAdminEdit = audit_actions("Exhibitor hall")(
    admin_edit_actions(
        "ExhibitorAdminEdit",
        {
            "booth": "Booth",
            "boothstaff": "Booth staff member",
            "boothhours": "Booth opening hours",
            "boothresource": "Booth resource",
        },
        module=__name__,
    )
)
