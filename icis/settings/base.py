"""Settings shared by every environment.

All configuration read from the environment is read here, in one place; the environment
modules (dev, test, production) only change defaults and switch behaviour.
"""

from email.utils import parseaddr
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Configuration from the environment -------------------------------------------------------

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DATABASE_URL = env.str("DATABASE_URL", default="")
# The local services' ports (scripts/stack.sh); used only for the defaults below.
_LOCAL_PG_PORT = env.int("ICIS_PG_PORT", default=54329)
_LOCAL_REDIS_PORT = env.int("ICIS_REDIS_PORT", default=63790)
REDIS_URL = env.str("REDIS_URL", default=f"redis://127.0.0.1:{_LOCAL_REDIS_PORT}/0")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL",
    default="International Cytokine & Interferon Society <office@cytokinesociety.org>",
)
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Development and tests default to localstripe on this port; production to Stripe itself.
LOCALSTRIPE_URL = f"http://127.0.0.1:{env.int('ICIS_STRIPE_PORT', default=8420)}"
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
STRIPE_URLS_FROM_ENVIRONMENT = "STRIPE_API_BASE" in env.ENVIRON
ORCID_CLIENT_ID = env.str("ORCID_CLIENT_ID", default="")
ORCID_SECRET = env.str("ORCID_SECRET", default="")
# Staff must have two-factor authentication before they reach the admin.
REQUIRE_STAFF_TWO_FACTOR = env.bool("REQUIRE_STAFF_TWO_FACTOR", default=True)
# Accounts allowed into the admin without two-factor; only the development settings set one.
STAFF_TWO_FACTOR_EXEMPT_EMAILS: list[str] = []

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "icis.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
    "django_celery_beat",
    "csp",
    "icis.core",
    "icis.mail",
    "icis.payments",
    "icis.review",
    "icis.site",
    "django_countries",
    "members",
    "meetings",
    "meetings.abstracts",
    "meetings.virtual",
    "meetings.posters",
    "meetings.exhibitors",
    "meetings.tournament",
    "awards",
    "news",
    "mentorship",
]

MIDDLEWARE = [
    # Outermost: a stored anonymous page is answered with the headers every layer below added,
    # and nothing else runs (icis/core/pagecache.py).
    "icis.core.pagecache.PageCacheMiddleware",
    # Then a signed-in page kept for its session, while nothing it could show has changed.
    "icis.core.privatecache.PrivatePageCacheMiddleware",
    # First, so every answer carries the Content-Security-Policy, also those given before a view
    # runs (the 400 for a Host the site does not serve, the 503 while the database restarts).
    "icis.core.csp.CachedCSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that queries: a database restart answers 503 with Retry-After.
    "icis.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A NUL byte in any query parameter or form field answers 400 before a view runs.
    "icis.core.middleware.UnstorableInputMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "icis.accounts.middleware.StaffTwoFactorMiddleware",
    "icis.core.middleware.LockBusyMiddleware",
]

ROOT_URLCONF = "icis.urls"
WSGI_APPLICATION = "icis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "icis.site.context_processors.site",
                "icis.accounts.context_processors.staff",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url_config(
        DATABASE_URL or f"postgres://postgres@127.0.0.1:{_LOCAL_PG_PORT}/icis"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection the server has dropped (a restart) is replaced at the start of a request
# without a query (icis.core.middleware.close_if_dropped): no `SELECT 1` per request, as
# CONN_HEALTH_CHECKS would make; a connection lost mid-request answers 503 and is replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
# An unreachable database host answers 503 after a few seconds instead of holding the request.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds nothing the site cannot do without (allauth's rate-limit counters), so a
# Redis outage makes it act as empty, logged, instead of failing the request (icis/core/cache.py).
CACHES = {
    "default": {
        "BACKEND": "icis.core.cache.DegradingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "icis",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# Sessions live in the database only: signing in and every signed-in page keep working while
# Redis is down, and a sign-out during an outage cannot be undone by a stale cached copy when
# Redis comes back (the cost: one indexed query per signed-in request).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The page cache for anonymous visitors (icis/core/pagecache.py): the longest a page is kept,
# how often a process asks PostgreSQL whether content changed, and each process's memory layer.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=600)
PAGE_CACHE_GENERATION_CHECK_SECONDS = env.float("PAGE_CACHE_GENERATION_CHECK_SECONDS", default=1.0)
# The memory layer is bounded well under the worker's budget (120 MB); Redis keeps the rest.
PAGE_CACHE_MEMORY_ENTRIES = 300
PAGE_CACHE_MEMORY_BYTES = 8 * 1024 * 1024
# Signed-in pages kept per session (icis/core/privatecache.py), in each process's memory only.
PRIVATE_PAGE_CACHE_MAX_AGE = env.int("PRIVATE_PAGE_CACHE_MAX_AGE", default=60)
PRIVATE_PAGE_CACHE_MEMORY_ENTRIES = 200
PRIVATE_PAGE_CACHE_MEMORY_BYTES = 4 * 1024 * 1024

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "icis.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "icis.accounts.forms.SignupNameForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ICIS] "
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# The sign-in rate limits count per client address. Behind a reverse proxy every request comes
# from the proxy, so the client is read from X-Forwarded-For: TRUSTED_PROXY_COUNT is how many
# proxies in front of the site add to that header (the last that many entries are theirs; what a
# client sends before them is ignored). 0 here (runserver: REMOTE_ADDR is the client); production
# defaults to 1, the TLS proxy compose.yaml expects.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Kept in the cache: while Redis is down they are not enforced (fail open, logged once a minute)
# so members can still sign in and pay; see icis/core/cache.py.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "ICIS"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False

SOCIALACCOUNT_ADAPTER = "icis.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = {}
if ORCID_CLIENT_ID and ORCID_SECRET:
    # ORCID sign-in is offered only when the society has registered a client with ORCID.
    SOCIALACCOUNT_PROVIDERS["orcid"] = {
        "APPS": [{"client_id": ORCID_CLIENT_ID, "secret": ORCID_SECRET}],
    }

# --- Email ------------------------------------------------------------------------------------

# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, ... from one URL (smtp+tls://user:pass@host:587, consolemail://).
globals().update(env.email_url_config(EMAIL_URL))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Outbox: how often a failed send is retried before it is marked failed, and the first wait.
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=5)
MAIL_RETRY_BASE_SECONDS = env.int("MAIL_RETRY_BASE_SECONDS", default=60)
# A row left in "sending" longer than this belongs to a worker that died.
MAIL_SENDING_TIMEOUT_SECONDS = env.int("MAIL_SENDING_TIMEOUT_SECONDS", default=600)
# A queued row older than this was not handed to a worker (Redis was down): the sweep sends it.
MAIL_SWEEP_AFTER_SECONDS = env.int("MAIL_SWEEP_AFTER_SECONDS", default=120)

# --- Locks -----------------------------------------------------------------------------------

# How long a request waits for a row someone else has locked before it answers "busy, try
# again" (icis/core/locks.py). Locks are held for milliseconds; waiting longer helps nobody.
LOCK_TIMEOUT_MS = env.int("LOCK_TIMEOUT_MS", default=5000)

# --- Membership -------------------------------------------------------------------------------

# After a term ends, members keep their standing this many days while they renew.
MEMBERSHIP_GRACE_DAYS = env.int("MEMBERSHIP_GRACE_DAYS", default=30)
# Renewing opens this many days before the end, so nobody pays twice for a period by mistake.
MEMBERSHIP_RENEWAL_OPENS_DAYS = env.int("MEMBERSHIP_RENEWAL_OPENS_DAYS", default=90)
# Mentorship: how many mentors a trainee may ask at once (1 to 3), and how long a mentor has
# to answer before the request expires.
MENTORSHIP_OPEN_REQUESTS = min(max(env.int("MENTORSHIP_OPEN_REQUESTS", default=1), 1), 3)
MENTORSHIP_ANSWER_DAYS = 14
# Renewal reminders go out this many days before a term ends.
MEMBERSHIP_REMINDER_DAYS = env.list("MEMBERSHIP_REMINDER_DAYS", cast=int, default=[60, 30, 7])
# "We'd like you back" goes out this many days after a membership lapsed.
MEMBERSHIP_WINBACK_DAYS = env.int("MEMBERSHIP_WINBACK_DAYS", default=90)
# Automatic renewal: the notice goes this many days before the end, the card is charged this
# many days before the end, and a failed charge is tried again after these many days.
AUTO_RENEW_NOTICE_DAYS = env.int("AUTO_RENEW_NOTICE_DAYS", default=21)
AUTO_RENEW_CHARGE_DAYS_BEFORE = env.int("AUTO_RENEW_CHARGE_DAYS_BEFORE", default=7)
AUTO_RENEW_RETRY_DAYS = env.list("AUTO_RENEW_RETRY_DAYS", cast=int, default=[3, 7])
# A draft abstract's submitter is reminded once when its call closes within this many days.
ABSTRACT_REMINDER_DAYS = env.int("ABSTRACT_REMINDER_DAYS", default=3)

# --- Celery -----------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues an email must not hang when Redis is down: the outbox sweep sends later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}

# --- Stripe (the payments app is the only reader) ---------------------------------------------

STRIPE = {
    "secret_key": STRIPE_SECRET_KEY,
    "publishable_key": STRIPE_PUBLISHABLE_KEY,
    "webhook_secret": STRIPE_WEBHOOK_SECRET,
    "api_base": STRIPE_API_BASE,
    "js_url": STRIPE_JS_URL,
}

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Request bodies: form text (and webhook JSON) at most 2 MB; files are counted as they arrive
# and nothing past 10 MB a file is kept (icis/core/uploads.py). The proxy caps bodies too.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "icis.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / ".state" / "media"))
# Award applications and referee letters: never under MEDIA_URL, served only through views that
# check who is asking (in production, a private bucket).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".state" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security ---------------------------------------------------------------------------------


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def content_security_policy(stripe: dict) -> dict:
    """No inline script or style anywhere: page JavaScript and CSS live in static files. Only
    Stripe's origins are allowed besides the site's own (for the card form)."""
    stripe_origins = sorted({_origin(stripe["js_url"]), _origin(stripe["api_base"])})
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'", *stripe_origins],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'", *stripe_origins],
            "frame-src": ["'self'", *stripe_origins],
            "form-action": ["'self'", "https://orcid.org", "https://sandbox.orcid.org"],
            "frame-ancestors": ["'none'"],
            "base-uri": ["'self'"],
            "object-src": ["'none'"],
        },
    }


CONTENT_SECURITY_POLICY = content_security_policy(STRIPE)

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [SITE_URL]

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- The society ------------------------------------------------------------------------------

SOCIETY_NAME = "International Cytokine & Interferon Society"
SOCIETY_SHORT_NAME = "ICIS"
# Where staff are told about payments that need a person (a card payment Stripe disagrees with,
# a dispute): the society's office, the address its emails come from unless set apart.
SOCIETY_OFFICE_EMAIL = env.str(
    "SOCIETY_OFFICE_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1] or "office@cytokinesociety.org"
)
# Printed on receipts. The society's sources give no postal address: staff set it, one line per
# line of the address separated by "|" ("ICIS office|PO Box 1|City, Country").
SOCIETY_POSTAL_ADDRESS = env.str("SOCIETY_POSTAL_ADDRESS", default="")
# On in tests: a Stripe call made inside transaction.atomic() raises, so no lock is held while
# the network answers.
STRIPE_FORBID_IN_TRANSACTION = env.bool("STRIPE_FORBID_IN_TRANSACTION", default=False)
# Shown on every page when set: a development site must say so.
ENVIRONMENT_BANNER = ""
