"""The bare view: a few hundred bytes of HTML, answered for any path."""

from django.http import HttpResponse
from django.urls import re_path

BODY = "<!doctype html><title>Bare</title><p>" + "A bare Django view. " * 20 + "</p>"


def bare(request):
    return HttpResponse(BODY)


urlpatterns = [re_path(r"", bare)]
