"""Who acts as staff: the one rule for every staff power on the site, in the admin and outside it.

A staff account acts as staff only once two-factor has been passed in the current session
(allauth records each authentication step in the session: a TOTP or recovery code at sign-in,
a passkey, a reauthentication, or setting up an authenticator, see receivers.py). Until then it
is treated exactly as a member without staff rights. Views call `acts_as_staff(request)`; the
templates read the `acts_as_staff` context variable (context_processors.py); selectors take an
`as_staff` argument that their view computes with this function.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

TWO_FACTOR_METHOD = "mfa"


def two_factor_exempt(user) -> bool:
    """Development only: the requirement switched off, or an account listed as exempt (both
    are empty or fixed in production settings)."""
    if not settings.REQUIRE_STAFF_TWO_FACTOR:
        return True
    exempt = {email.lower() for email in settings.STAFF_TWO_FACTOR_EXEMPT_EMAILS}
    return user.email.lower() in exempt


def two_factor_passed(request) -> bool:
    """True when the signed-in user passed a second factor in this session."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == TWO_FACTOR_METHOD for record in records)


def acts_as_staff(request) -> bool:
    """Staff powers for this request: an active staff account that passed two-factor in this
    session (or is exempt in development). Everyone else is a plain user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return two_factor_exempt(user) or two_factor_passed(request)


def staff_two_factor_step(request) -> str | None:
    """For a staff account that does not act as staff yet, what it must do first: "set_up" an
    authenticator, or "confirm" one in this session. None for everyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    if acts_as_staff(request):
        return None
    return "confirm" if is_mfa_enabled(user) else "set_up"
