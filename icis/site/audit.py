"""What the audit log records about the society's pages (values as stored; see
`icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Site pages")
class SiteAction(models.TextChoices):
    CONTACT_MESSAGE = "contact.message", "Message sent to the office from the contact page"


# Pages are edited in the admin (`AuditedModelAdmin`).
SiteAdminEdit = audit_actions("Site pages")(
    admin_edit_actions(
        "SiteAdminEdit", {"page": "Page", "leadershipterm": "Leadership term"}, module=__name__
    )
)
