"""Production. Refuses to start without the secrets and hosts it needs."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASE_URL, env

DEBUG = False

_missing = [
    name
    for name, value in (
        ("SECRET_KEY", SECRET_KEY),  # noqa: F405
        ("DATABASE_URL", DATABASE_URL),
        ("ALLOWED_HOSTS", env.list("ALLOWED_HOSTS", default=[])),
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured(
        f"Production settings need these environment variables: {', '.join(_missing)}."
    )

# Two-factor for staff is not optional in production, and no account is exempt.
REQUIRE_STAFF_TWO_FACTOR = True
STAFF_TWO_FACTOR_EXEMPT_EMAILS = []
ENVIRONMENT_BANNER = ""

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One TLS proxy in front of gunicorn (compose.yaml): the address it adds to X-Forwarded-For is
# the client's, for the sign-in rate limits. Set TRUSTED_PROXY_COUNT to the number of proxies
# that add to the header (2 with a CDN in front of the proxy, say).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
