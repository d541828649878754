"""What the audit log records about the society's pages (values as stored; see
`icis.core.audit`)."""

from icis.core.audit import admin_edit_actions, audit_actions

# Pages are edited in the admin (`AuditedModelAdmin`).
SiteAdminEdit = audit_actions("Site pages")(
    admin_edit_actions(
        "SiteAdminEdit", {"page": "Page", "leadershipterm": "Leadership term"}, module=__name__
    )
)
