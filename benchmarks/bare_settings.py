"""The bare Django view the page benchmark compares the site with: no database, no middleware,
no templates, one view returning a small HttpResponse (benchmarks/bare_urls.py). Served by
gunicorn exactly as the site is."""

SECRET_KEY = "bare-view-benchmark-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bare_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
