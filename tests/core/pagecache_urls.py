"""The site's addresses and one page with a form, for tests/core/test_pagecache.py."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from icis.urls import urlpatterns as site_urlpatterns

FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Send</button></form>'
)


def form_page(request):
    return HttpResponse(FORM.render({}, request))


urlpatterns = [path("test-form/", form_page), *site_urlpatterns]
