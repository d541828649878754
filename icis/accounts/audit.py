"""What the audit log records about accounts (values as stored; see `icis.core.audit`)."""

from django.db import models

from icis.core.audit import audit_actions


@audit_actions("Accounts")
class AccountAction(models.TextChoices):
    SIGN_UP = "account.sign_up", "Account created"
    EMAIL_CONFIRMED = "account.email_confirmed", "Email address confirmed"
    PASSWORD_CHANGED = "account.password_changed", "Password changed"
    TWO_FACTOR_ADDED = "account.two_factor_added", "Two-factor authentication added"
    TWO_FACTOR_REMOVED = "account.two_factor_removed", "Two-factor authentication removed"
