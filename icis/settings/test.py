"""The test suite: real PostgreSQL, Redis and localstripe.

Emails are captured by Django's test backend."""

import tempfile

from .base import *  # noqa: F403
from .base import LOCALSTRIPE_URL, STRIPE, content_security_policy, env

SECRET_KEY = "test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
REDIS_URL = env.str("TEST_REDIS_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/1")  # noqa: F405
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "icis-test"  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Two suites can run side by side (say, two checkouts) when each names its own database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_icis")}  # noqa: F405

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

STRIPE.update(
    secret_key="sk_test_localstripe",
    publishable_key="pk_test_localstripe",
    webhook_secret="whsec_localstripe_test",
    api_base=LOCALSTRIPE_URL,
    js_url=f"{LOCALSTRIPE_URL}/js.stripe.com/v3/",
)
CONTENT_SECURITY_POLICY = content_security_policy(STRIPE)

MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
STAFF_TWO_FACTOR_EXEMPT_EMAILS = []
ENVIRONMENT_BANNER = ""
# Rate limits stay on; only the per-address limits are raised: every test comes from 127.0.0.1.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip", "signup": "1000/m/ip"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Award uploads go to a folder of the run's own, removed by the operating system's tmp cleaning.
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="icis-test-private-")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# Pictures (the demo's generated banner, logos and portraits) likewise.
MEDIA_ROOT = tempfile.mkdtemp(prefix="icis-test-media-")
# Off for the suite: its tests change content inside transactions that never commit, which the
# cache's generation (moved at commit) cannot see. tests/core/test_pagecache*.py turn it on.
PAGE_CACHE_ENABLED = False
PAGE_CACHE_GENERATION_CHECK_SECONDS = 0
# A Stripe call inside transaction.atomic() (a lock may be held) fails the test that makes it.
STRIPE_FORBID_IN_TRANSACTION = True
