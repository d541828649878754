import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icis.settings.production")

django_application = get_wsgi_application()

# Imported once Django is set up: the page cache reads the settings and the cache.
from icis.core.pagecache import StoredPageApplication  # noqa: E402

application = StoredPageApplication(django_application)
