"""Local development: `make run`. Every email is printed to the terminal and kept in the outbox;
Stripe is localstripe on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import (
    LOCALSTRIPE_URL,
    STRIPE,
    STRIPE_URLS_FROM_ENVIRONMENT,
    content_security_policy,
    env,
)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: F405

STRIPE["secret_key"] = STRIPE["secret_key"] or "sk_test_localstripe"
STRIPE["publishable_key"] = STRIPE["publishable_key"] or "pk_test_localstripe"
STRIPE["webhook_secret"] = STRIPE["webhook_secret"] or "whsec_localstripe_dev"
if not STRIPE_URLS_FROM_ENVIRONMENT:
    STRIPE["api_base"] = LOCALSTRIPE_URL
    STRIPE["js_url"] = f"{LOCALSTRIPE_URL}/js.stripe.com/v3/"
CONTENT_SECURITY_POLICY = content_security_policy(STRIPE)

MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True

# The demo staff account may reach the admin without two-factor, and every page then says so.
STAFF_TWO_FACTOR_EXEMPT_EMAILS = ["staff@cytokinesociety.org"]
ENVIRONMENT_BANNER = (
    "The demo staff account may use the staff area without two-factor authentication, and "
    "emails are printed in the terminal that runs the site, not delivered."
)

# runserver serves static files unhashed; the manifest is built only for production.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# Off while developing: an edited template shows at once. PAGE_CACHE_ENABLED=true tries it.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=False)
