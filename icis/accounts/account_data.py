"""What the account itself holds beyond name and address (which the member's export shows):
its email addresses, second factors and linked ORCID sign-in; and the audit log's record of
what the person did."""

from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from icis.core.audit import audit_actor_forget

from . import personal_data
from .models import User


def account_export(*, user) -> dict:
    return {
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        # Which kinds of second factor, never their secrets.
        "two_factor": [
            {
                "type": authenticator.type,
                "added": authenticator.created_at.isoformat(),
                "last_used": authenticator.last_used_at.isoformat()
                if authenticator.last_used_at
                else None,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "linked_sign_in": [
            {"provider": account.provider, "id": account.uid}
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
    }


def account_erase(*, user, now: datetime) -> None:
    """The addresses, second factors and linked sign-ins go with the account row; the audit
    log keeps the acts, no longer naming who did them or whose account they were about."""
    audit_actor_forget(user=user)
    personal_data.audit_targets_forget(model=User, ids=[user.pk], label="erased account")


def register() -> None:
    personal_data.register(
        "sign_in",
        export=account_export,
        erase=account_erase,
        exported=[
            "accounts.User",
            "account.EmailAddress",
            "mfa.Authenticator",
            "socialaccount.SocialAccount",
        ],
        erased=[
            "accounts.User",
            "account.EmailAddress",
            "mfa.Authenticator",
            "socialaccount.SocialAccount",
            # Django's own admin history of a staff member goes with their account; the
            # society's audit log (below) keeps the acts.
            "admin.LogEntry",
        ],
        kept={
            "core.AuditEntry": "The society's record of what was done (payments, decisions, "
            "changes by staff) stays; the erasure removes who did it (audit_actor_forget).",
        },
    )
