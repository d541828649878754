"""Absolute addresses, built from the site's configured origin (settings.SITE_URL), never from
the request's Host header: what search engines and link previews are told must not depend on
how a visitor reached the page."""

import re

from django.conf import settings

# The one query parameter that names a different page of the same content; every other one
# (a tracking tag, a sort order, a search) is left out of the canonical address.
PAGE_PARAMETER = "page"
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def absolute_url(url: str) -> str:
    """/news/ → https://cytokinesociety.org/news/; an address with its own origin is kept."""
    if not url:
        return ""
    if url.startswith(("http://", "https://", "//")):
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


def canonical_url(request) -> str:
    """The page's one address: the site's origin and the path, with the page number of a list
    after the first page (`?page=2`) and no other query parameter."""
    url = absolute_url(request.path)
    page = request.GET.get(PAGE_PARAMETER, "")
    if _PAGE_NUMBER.fullmatch(page) and page != "1":
        url += f"?{PAGE_PARAMETER}={page}"
    return url
