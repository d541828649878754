"""allauth's signals, recorded in the audit log (loose coupling: allauth owns these flows)."""

from allauth.account import signals as account_signals
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver

from icis.core.audit import audit_record

from .audit import AccountAction
from .staff import TWO_FACTOR_METHOD

_SECOND_FACTORS = {Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN}


@receiver(account_signals.user_signed_up)
def record_sign_up(sender, request, user, **kwargs):
    audit_record(actor=user, action=AccountAction.SIGN_UP, target=user)


@receiver(account_signals.email_confirmed)
def record_email_confirmed(sender, request, email_address, **kwargs):
    audit_record(
        actor=email_address.user,
        action=AccountAction.EMAIL_CONFIRMED,
        target=email_address.user,
        data={"email": email_address.email},
    )


@receiver(account_signals.password_changed)
@receiver(account_signals.password_reset)
def record_password_change(sender, request, user, **kwargs):
    audit_record(actor=user, action=AccountAction.PASSWORD_CHANGED, target=user)


@receiver(mfa_signals.authenticator_added)
def record_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action=AccountAction.TWO_FACTOR_ADDED,
        target=user,
        data={"type": authenticator.type},
    )
    if request is not None and authenticator.type in _SECOND_FACTORS:
        # Setting one up proves it (a code from the app, or the passkey itself): this session
        # has passed two-factor, so staff need not sign in again to act as staff.
        record_authentication(
            request, user, TWO_FACTOR_METHOD, id=authenticator.pk, type=authenticator.type
        )


@receiver(mfa_signals.authenticator_removed)
def record_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action=AccountAction.TWO_FACTOR_REMOVED,
        target=user,
        data={"type": authenticator.type},
    )
