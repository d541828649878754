"""What the audit log records about the virtual meeting (values as stored; see
`icis.core.audit`)."""

from icis.core.audit import admin_edit_actions, audit_actions

# Edited in the admin (`AuditedModelAdmin`).
VirtualAdminEdit = audit_actions("Virtual meeting")(
    admin_edit_actions(
        "VirtualAdminEdit",
        {"embedhost": "Approved video host", "recording": "Recording"},
        module=__name__,
    )
)
