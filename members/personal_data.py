"""Members in the personal-data registry (`icis.accounts.personal_data`). The member's export
(`services.member_export`: account, profile with its directory and newsletter choices, terms
with the renewal notices each was sent, payments) and the account's deletion
(`services.account_delete`) live in members: they start the export and the erasure that every
other part of the site joins."""

from datetime import datetime

from icis.accounts import personal_data

from .models import MemberProfile
from .services import account_delete


def account_erase(*, user, now: datetime) -> None:
    """The profile and terms (with their renewal notices) go with the account row; the audit
    log's entries about the profile ("Profile of <name>") stop naming the person."""
    personal_data.audit_targets_forget(
        model=MemberProfile,
        ids=MemberProfile.objects.filter(user=user).values_list("pk", flat=True),
        label="erased profile",
    )


def register() -> None:
    personal_data.register(
        "members",
        erase=account_erase,
        exported=["members.MemberProfile", "members.Membership", "members.RenewalNoticeSent"],
        # The profile and the terms go with the account row (account_delete), and the renewal
        # notices sent with their terms.
        erased=["members.MemberProfile", "members.Membership", "members.RenewalNoticeSent"],
    )
    personal_data.account_deletion_register(account_delete)
