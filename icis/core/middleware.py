"""Middleware every app relies on."""

import logging

from django.contrib import messages
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from .locks import LockBusy

logger = logging.getLogger(__name__)

# SQLSTATEs that mean the server went away or is not taking connections yet: class 08
# (connection exception), and an administrator's or a crash's shutdown, or a server starting.
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
DATABASE_RETRY_AFTER_SECONDS = 10


def is_connection_error(exc: BaseException) -> bool:
    """True when `exc` says the database connection is gone, not that a query was wrong (a lock
    or statement timeout, a serialization failure, a constraint are ordinary errors)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    # Failures on the client side of the socket (refused, closed unexpectedly) carry no SQLSTATE.
    return sqlstate is None or sqlstate.startswith(_CONNECTION_SQLSTATES)


class DatabaseUnavailableMiddleware:
    """While PostgreSQL restarts (or cannot be reached), pages answer 503 with Retry-After and a
    short page rendered without the database, not a 500 and a traceback; once it is back, the
    next request reconnects without restarting the site.

    It checks the connection before the rest of the request (the check Django would make on the
    first query anyway, with CONN_HEALTH_CHECKS), so a request never starts on a dead connection,
    and it catches a connection lost half-way through a view. Placed before the session and
    authentication middleware, which are the first to query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == reverse("healthz"):
            return self.get_response(request)  # reports the database itself, as JSON
        connection = connections["default"]
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            # Only reached when the error escaped the inner layers' error handling (the error
            # page itself needs the database); anything else is not ours to handle.
            if not is_connection_error(exc):
                raise
            return self._unavailable(request, exc)

    def process_exception(self, request, exception):
        if not is_connection_error(exception):
            return None
        return self._unavailable(request, exception)

    def _unavailable(self, request, exc: BaseException) -> HttpResponse:
        logger.error("Database unreachable: %s: %s", type(exc).__name__, exc)
        for connection in connections.all(initialized_only=True):
            # Drop the broken connection so the next request opens a fresh one.
            try:
                connection.close()
            except Exception:  # a dead socket may fail to close; it is gone anyway
                logger.debug("Closing a broken database connection failed", exc_info=True)
        html = render_to_string(
            "503.html",
            {"retry_after": DATABASE_RETRY_AFTER_SECONDS, "path": request.get_full_path()},
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


class LockBusyMiddleware:
    """A request that found a row locked for too long (see `icis.core.locks`): a form sent by
    POST returns to its page with the message, anything else gets a short "busy" page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, LockBusy):
            return None
        if request.method == "POST" and not request.path.startswith("/payments/stripe/"):
            messages.warning(request, str(exception))
            return redirect(request.get_full_path())
        response = render(request, "busy.html", {"message": str(exception)}, status=503)
        response["Retry-After"] = "5"
        return response


class NulCharacterMiddleware:
    """NUL characters are taken out of the query string: no one types one, and PostgreSQL cannot
    compare text with it, so any filter or search it reached would fail with a 500. (Forms
    refuse one in place: Django's text fields do.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
