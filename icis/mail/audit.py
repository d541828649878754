"""What the audit log records about emails (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import audit_actions


@audit_actions("Email")
class MailAction(models.TextChoices):
    RESEND = "email.resend", "Email sent again"
    TEST = "email.test", "Test email sent"
