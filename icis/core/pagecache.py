"""The page cache for anonymous visitors: the first middleware, so a stored page is answered
with every header the other middleware added, and nothing else runs.

A request is looked up only when it is a GET or HEAD from nobody in particular: no session
cookie, no messages cookie, no Authorization header, not under the staff, account, personal or
payment addresses. A response is stored only when it is a 200 to a GET that set no cookie, used
no CSRF token (so it holds no form of this visitor's), is not private, varies on nothing but the
cookie (which, for a visitor without those cookies, is nothing), and comes from a view not
listed in `UNCACHED_VIEWS` nor from the virtual meeting.

An entry is good while the generation it was rendered under is the current one
(icis/core/pagegeneration.py: any committed change to public content moves it) and until it
expires: at the latest `PAGE_CACHE_MAX_AGE` seconds after it was made, the next clock-driven
change of public content (`pagegeneration.next_change`), or what the view asked for with
`expires_at`. The time is `django.utils.timezone.now()`, as everywhere else on the site.

Entries live in a small per-process LRU in front of the Django cache (Redis; a Redis outage
only means no shared entries). A process reads the generation at most once every
`PAGE_CACHE_GENERATION_CHECK_SECONDS` seconds, and again right after any request of its own
that could have written (anything but GET and HEAD), so an edit is seen on the next request.

`StoredPageApplication` wraps the WSGI application (icis/wsgi.py) and answers the commonest hit
before Django builds a request at all: a plain GET, from this process's memory, while the
generation this process read is fresh. Everything else (a conditional GET, HEAD, a generation
to read again, an entry only Redis has) goes through the middleware below, which decides the
same way, so the two never disagree about what a visitor may be given.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe

from . import pagegeneration

SKIPPED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/payments/",
    "/healthz",
    "/static/",
    "/media/",
)
# The virtual meeting answers only registered attendees.
UNCACHED_MODULES = (
    "meetings.virtual.",
    "meetings.posters.",
    "meetings.exhibitors.",
    "meetings.tournament.",
)
# Views whose anonymous page depends on rows the generation does not follow.
UNCACHED_VIEWS = {
    # "Sold out" counts registrations and holds that run out (pagegeneration.EXCLUDED).
    "meetings:register",
    # Pages of one person's private link: what they show follows rows the generation does not.
    "awards:letter",
    "newsletter:unsubscribe",
}
CDN_MAX_AGE = 60
KEY_PREFIX = "pagecache:"
_EXPIRES_ATTR = "_page_cache_expires_at"


def expires_at(request, when: datetime | None) -> None:
    """A view whose page changes at `when` (a deadline it shows) says so: the cached copy
    expires no later than that."""
    if when is None:
        return
    earlier = getattr(request, _EXPIRES_ATTR, None)
    if earlier is None or when < earlier:
        setattr(request, _EXPIRES_ATTR, when)


def view_expiry(request) -> datetime | None:
    """What the view asked for with `expires_at`, if anything."""
    return getattr(request, _EXPIRES_ATTR, None)


@dataclass
class Entry:
    generation: int | tuple[int, int]
    expires: float  # seconds since the epoch
    status: int
    headers: list[tuple[str, str]]
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content) + sum(len(k) + len(v) for k, v in self.headers) + 100

    def headers_at(self, now: float) -> list[tuple[str, str]]:
        """The stored headers, with a shorter max-age once less than the stored one is left:
        a CDN must not keep the page past its expiry."""
        left = self.expires - now
        if left >= CDN_MAX_AGE:
            return self.headers
        cache_control = f"public, max-age={max(0, int(left))}"
        return [
            ("Cache-Control", cache_control) if name.lower() == "cache-control" else (name, value)
            for name, value in self.headers
        ]


class Memory:
    """A bounded LRU of entries, per process; its limits are the named settings."""

    def __init__(self, entries_setting: str, bytes_setting: str):
        self.entries_setting, self.bytes_setting = entries_setting, bytes_setting
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.bytes = 0

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        max_entries = getattr(settings, self.entries_setting)
        max_bytes = getattr(settings, self.bytes_setting)
        if entry.size > max_bytes:
            return
        with self.lock:
            self._drop(key)
            self.entries[key] = entry
            self.bytes += entry.size
            while len(self.entries) > max_entries or self.bytes > max_bytes:
                self._drop(next(iter(self.entries)))

    def discard(self, key: str) -> None:
        with self.lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.bytes = 0


class _Generation:
    """This process's view of the generation and of the next clock-driven change."""

    def __init__(self):
        self.value: int | None = None
        self.checked_at = float("-inf")  # time.monotonic()
        self.next_change: datetime | None = None
        self.next_change_for: int | None = None
        self.stale = True

    def current(self, now: datetime) -> tuple[int | None, datetime | None]:
        interval = settings.PAGE_CACHE_GENERATION_CHECK_SECONDS
        if self.stale or time.monotonic() - self.checked_at >= interval:
            self.value = pagegeneration.current()
            self.checked_at = time.monotonic()
            self.stale = False
        if self.value is None:
            return None, None
        if self.next_change_for != self.value or (
            self.next_change is not None and now >= self.next_change
        ):
            self.next_change = pagegeneration.next_change(now)
            self.next_change_for = self.value
        return self.value, self.next_change

    def fresh(self, now: datetime) -> int | None:
        """The generation read within the check interval, while no clock-driven change has
        come; None when it must be read again (which only the middleware does)."""
        if self.stale or self.value is None or self.next_change_for != self.value:
            return None
        if time.monotonic() - self.checked_at >= settings.PAGE_CACHE_GENERATION_CHECK_SECONDS:
            return None
        if self.next_change is not None and now >= self.next_change:
            return None
        return self.value


memory = Memory("PAGE_CACHE_MEMORY_ENTRIES", "PAGE_CACHE_MEMORY_BYTES")
generation = _Generation()


def reset() -> None:
    """Forget this process's entries and generation (tests)."""
    memory.clear()
    generation.__init__()


# What a stored page is keyed on, as the server handed it over: the scheme (and the TLS proxy's
# header that Django reads it from), the host and the path with its query.
_KEY_ENVIRON = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)


def _key(environ) -> str:
    """Raw environ values rather than Django's parsed request, so the WSGI hit path computes
    the same key without a request. The host is validated by `request.get_host()` before any
    page is stored under a key, so a key found in the cache names a host the site serves."""
    url = "\n".join(str(environ.get(name, "")) for name in _KEY_ENVIRON)
    return KEY_PREFIX + hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()


def _from_nobody_in_particular(environ, has_cookie) -> bool:
    """No session or messages cookie, no Authorization header, not under the staff, account,
    personal or payment addresses: the one rule of who may be given a stored page."""
    if "HTTP_AUTHORIZATION" in environ:
        return False
    if has_cookie(settings.SESSION_COOKIE_NAME) or has_cookie("messages"):
        return False
    return not environ.get("PATH_INFO", "").startswith(SKIPPED_PREFIXES)


def _lookup_allowed(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return _from_nobody_in_particular(request.META, request.COOKIES.__contains__)


def _plain_anonymous_get(environ) -> bool:
    """`_lookup_allowed` for the WSGI hit path, stricter where it is cheaper to be: a cookie
    header that so much as mentions a session or messages cookie, and any conditional GET, go
    the long way."""
    if environ.get("REQUEST_METHOD") != "GET":
        return False
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        return False
    cookie = environ.get("HTTP_COOKIE", "")
    return _from_nobody_in_particular(environ, cookie.__contains__)


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= {"cookie"}:
        return False
    match = request.resolver_match
    if match is None or match.view_name in UNCACHED_VIEWS:
        return False
    module = getattr(match.func, "__module__", "") or ""
    return not module.startswith(UNCACHED_MODULES)


def restore(entry: Entry) -> HttpResponse:
    return HttpResponse(entry.content, status=entry.status, headers=entry.headers)


def _response(request, entry: Entry, now: float) -> HttpResponse:
    response = HttpResponse(entry.content, status=entry.status, headers=entry.headers_at(now))
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def _public(response, seconds: float) -> None:
    """Kept by a CDN too, but only for visitors without cookies: Vary keeps a shared cache from
    answering a signed-in person with the anonymous copy."""
    patch_cache_control(response, public=True, max_age=max(0, min(CDN_MAX_AGE, int(seconds))))
    patch_vary_headers(response, ["Cookie"])


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _lookup_allowed(request):
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD"):
                generation.stale = True  # it may have changed public content
            return response
        try:
            request.get_host()
        except DisallowedHost:  # answered 400 by the inner layers, with their headers
            return self.get_response(request)
        key = _key(request.META)
        now = timezone.now()
        current, next_change = generation.current(now)
        if current is None:
            return self.get_response(request)
        epoch = now.timestamp()
        entry = memory.get(key)
        if entry is None or entry.generation != current or entry.expires <= epoch:
            if entry is not None:
                memory.discard(key)
            entry = cache.get(key)
            if isinstance(entry, Entry) and entry.generation == current and entry.expires > epoch:
                memory.put(key, entry)
            else:
                entry = None
        if entry is not None:
            return _response(request, entry, epoch)
        response = self.get_response(request)
        self._store(request, response, key, current, now, next_change)
        return response

    def _store(self, request, response, key, current, now, next_change) -> None:
        if not _storable(request, response):
            return
        limits = [now.timestamp() + settings.PAGE_CACHE_MAX_AGE]
        for when in (next_change, view_expiry(request)):
            if when is not None:
                limits.append(when.timestamp())
        expires = min(limits)
        seconds = expires - timezone.now().timestamp()
        if seconds < 1:
            return
        _public(response, seconds)
        headers = list(response.headers.items())
        entry = Entry(current, expires, response.status_code, headers, response.content)
        memory.put(key, entry)
        cache.set(key, entry, timeout=int(seconds) + 1)


class StoredPageApplication:
    """The WSGI application in front of Django's (icis/wsgi.py). A plain anonymous GET whose
    page this process holds, under the generation it read less than
    `PAGE_CACHE_GENERATION_CHECK_SECONDS` ago and before its expiry, is answered from memory
    with the stored status, headers and body; Django does not build a request, run middleware
    or send its request signals for it. Anything else is handed to Django unchanged."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE_ENABLED and _plain_anonymous_get(environ):
            now = timezone.now()
            current = generation.fresh(now)
            if current is not None:
                entry = memory.get(_key(environ))
                epoch = now.timestamp()
                if entry is not None and entry.generation == current and entry.expires > epoch:
                    start_response(_STATUS_LINES[entry.status], entry.headers_at(epoch))
                    return [entry.content]
        return self.application(environ, start_response)


# Only 200 answers are stored (`_storable`).
_STATUS_LINES = {200: "200 OK"}
