"""What the audit log records about members and memberships (values as stored; see
`icis.core.audit`)."""

from django.db import models

from icis.core.audit import admin_edit_actions, audit_actions


@audit_actions("Members")
class MemberAction(models.TextChoices):
    PROFILE_UPDATE = "profile.update", "Profile updated"
    JOIN_STARTED = "membership.join_started", "Joining started (awaiting payment)"
    RENEW_STARTED = "membership.renew_started", "Renewal started (awaiting payment)"
    MEMBERSHIP_CONFIRMED = "membership.confirmed", "Membership term confirmed"
    MEMBERSHIP_CANCELLED_BY_REFUND = "membership.cancelled_by_refund", "Term cancelled by a refund"
    MEMBERSHIP_GRANTED = "membership.granted", "Complimentary term granted"
    MEMBERSHIP_EXTENDED = "membership.extended", "Term extended"
    # One term written by an import; MEMBERSHIP_FILE_IMPORTED is the whole file.
    MEMBERSHIP_IMPORTED = "membership.imported", "Term imported"
    MEMBERSHIP_FILE_IMPORTED = "membership.import", "Membership file imported"
    NEWSLETTER_OPT_IN = "profile.newsletter_opt_in", "Signals+ newsletter subscribed"
    NEWSLETTER_OPT_OUT = "profile.newsletter_opt_out", "Signals+ newsletter unsubscribed"
    AUTORENEW_ON = "autorenew.on", "Automatic renewal turned on"
    AUTORENEW_OFF = "autorenew.off", "Automatic renewal turned off"
    AUTORENEW_PAID = "autorenew.paid", "Automatic renewal paid"
    AUTORENEW_FAILED = "autorenew.failed", "Automatic renewal failed"
    MEMBERSHIPTYPE_PRICES_CHANGE = "membershiptype.prices_change", "Membership prices changed"
    ACCOUNT_DELETED = "account.deleted", "Account deleted"


# Edited in the admin (`AuditedModelAdmin`).
MembersAdminEdit = audit_actions("Members")(
    admin_edit_actions("MembersAdminEdit", {"membershiptype": "Membership type"}, module=__name__)
)
