from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings


def staff_two_factor_missing(user) -> bool:
    """True when `user` is staff and must set up two-factor before reaching the admin."""
    if not settings.REQUIRE_STAFF_TWO_FACTOR:
        return False
    if not (user.is_authenticated and user.is_staff):
        return False
    exempt = {email.lower() for email in settings.STAFF_TWO_FACTOR_EXEMPT_EMAILS}
    if user.email.lower() in exempt:
        return False
    return not is_mfa_enabled(user)
