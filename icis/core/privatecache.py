"""Signed-in pages kept per session, for as long as nothing they could show has changed.

Only views marked with `@private_page` are kept: the member's own pages that are read far more
often than anything on them changes (the portal, payments, the directory, the registration
page, the virtual meeting's lists). A kept page is answered again only to the same session
cookie and CSRF cookie (so its form tokens still match), for the same address, while the
private generation (icis/core/pagegeneration.py: `p`, moved by any committed change to public
content, payments, registrations, sessions, users…) has not moved, and until it expires: at
most `PRIVATE_PAGE_CACHE_MAX_AGE` seconds, no later than the session, the next clock-driven
change of public content, or what the view asked for with `pagecache.expires_at`.

Checking costs one query (the generation is read for every request, not once a second as for
anonymous pages: a member who just paid must see it on the next page, whichever worker
answers). Signing out deletes the session row and a new password updates the user row, so
both end every kept page at once.

Never kept: staff (their pages follow two-factor state), a response that sets a cookie or
changed the session (a message shown, a login step), anything not a 200 HTML answer to a GET.
Entries live only in this process's memory: personal pages are not copied to Redis.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils import timezone
from django.utils.cache import patch_cache_control

from . import pagecache, pagegeneration

_MARK = "private_page_cache"
# Never marked: no need to read the generation for them.
SKIPPED_PREFIXES = ("/admin/", "/accounts/", "/payments/", "/healthz", "/static/", "/media/")

memory = pagecache.Memory("PRIVATE_PAGE_CACHE_MEMORY_ENTRIES", "PRIVATE_PAGE_CACHE_MEMORY_BYTES")


def private_page(view):
    """Mark a signed-in page as one that may be kept for its session."""
    setattr(view, _MARK, True)
    return view


def reset() -> None:
    memory.clear()


def _key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if request.path_info.startswith(SKIPPED_PREFIXES):
        return None
    cookies = request.COOKIES
    session = cookies.get(settings.SESSION_COOKIE_NAME)
    csrf = cookies.get(settings.CSRF_COOKIE_NAME)
    if not session or not csrf or "messages" in cookies:
        return None
    try:
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    except DisallowedHost:  # answered 400 by the inner layers
        return None
    return "private:" + hashlib.sha256(f"{url}\0{session}\0{csrf}".encode()).hexdigest()


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    match = request.resolver_match
    if match is None or not getattr(match.func, _MARK, False):
        return False
    if not _only_renews_csrf_cookie(request, response):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "no-store" in response.get("Cache-Control", ""):
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return False
    session = getattr(request, "session", None)
    return session is not None and not session.modified and not session.is_empty()


def _only_renews_csrf_cookie(request, response) -> bool:
    """Django sends the CSRF cookie again, unchanged, whenever a page uses its token (to renew
    its expiry): that is no reason not to keep the page. Any other cookie is."""
    name = settings.CSRF_COOKIE_NAME
    return all(
        cookie == name and morsel.value == request.COOKIES.get(name)
        for cookie, morsel in response.cookies.items()
    )


class PrivatePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request) if settings.PAGE_CACHE_ENABLED else None
        generation = pagegeneration.current_pair() if key else None
        if generation is None:
            return self._marked(request, self.get_response(request))
        now = timezone.now()
        entry = memory.get(key)
        if entry is not None:
            if entry.generation == generation and entry.expires > now.timestamp():
                return pagecache.restore(entry)
            memory.discard(key)
        response = self._marked(request, self.get_response(request))
        if _storable(request, response):
            self._store(request, response, key, generation, now)
        return response

    @staticmethod
    def _marked(request, response):
        """Personal pages say so: no shared cache may keep them."""
        match = getattr(request, "resolver_match", None)
        if match is not None and getattr(match.func, _MARK, False):
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _store(request, response, key, generation, now) -> None:
        _, next_change = pagecache.generation.current(now)
        limits = [
            now.timestamp() + settings.PRIVATE_PAGE_CACHE_MAX_AGE,
            request.session.get_expiry_date().timestamp(),
        ]
        for when in (next_change, pagecache.view_expiry(request)):
            if when is not None:
                limits.append(when.timestamp())
        expires = min(limits)
        if expires - timezone.now().timestamp() < 1:
            return
        memory.put(
            key,
            pagecache.Entry(
                generation,
                expires,
                response.status_code,
                list(response.headers.items()),
                response.content,
            ),
        )
