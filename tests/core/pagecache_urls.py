"""The site's addresses and one page with a form, for tests/core/test_pagecache.py."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.utils import timezone

from icis.core import pagecache
from icis.urls import urlpatterns as site_urlpatterns

FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Send</button></form>'
)


def form_page(request):
    return HttpResponse(FORM.render({}, request))


# The moment the deadline page changes; a test sets it.
DEADLINE = {"at": None}


def deadline_page(request):
    pagecache.expires_at(request, DEADLINE["at"])
    open_now = timezone.now() < DEADLINE["at"]
    return HttpResponse("Open: send yours" if open_now else "Closed")


urlpatterns = [
    path("test-form/", form_page),
    path("test-deadline/", deadline_page),
    *site_urlpatterns,
]
