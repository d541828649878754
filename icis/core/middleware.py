"""Middleware every app relies on."""

import logging
import re
import select

from django.contrib import messages
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
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


def close_if_dropped(connection) -> None:
    """Close a kept connection the server has dropped (a restart, an administrator's
    termination), so the request opens a fresh one: without a query, unlike Django's
    CONN_HEALTH_CHECKS (a `SELECT 1` on every request). An idle connection has nothing to read;
    a readable socket means the server said goodbye or closed it."""
    if connection.connection is None or connection.in_atomic_block:
        return
    try:
        readable, _, _ = select.select([connection.connection.fileno()], [], [], 0)
    except (OSError, ValueError, InterfaceError):  # closed on our side already
        readable = [True]
    if readable:
        try:
            connection.close()
        except Exception:  # a dead socket may fail to close; it is gone anyway
            logger.debug("Closing a dropped database connection failed", exc_info=True)


class DatabaseUnavailableMiddleware:
    """While PostgreSQL restarts (or cannot be reached), pages answer 503 with Retry-After and a
    short page rendered without the database, not a 500 and a traceback; once it is back, the
    next request reconnects without restarting the site.

    It checks the connection before the rest of the request (`close_if_dropped`, without a
    query), so a request does not start on a connection the server has closed,
    and it catches a connection lost half-way through a view. Placed before the session and
    authentication middleware, which are the first to query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == reverse("healthz"):
            return self.get_response(request)  # reports the database itself, as JSON
        connection = connections["default"]
        try:
            close_if_dropped(connection)
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


# NUL bytes (PostgreSQL refuses them in text) and lone surrogates (not valid UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _has_unstorable_text(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


# The admin's action form names the chosen rows by id; Django would pass anything else to the
# database and fail (every model here has an integer key).
_ADMIN_SELECTION = "_selected_action"


def _malformed_admin_selection(request) -> bool:
    return (
        request.method == "POST"
        and request.path_info.startswith("/admin/")
        and any(
            not re.fullmatch(r"[0-9]{1,19}", value)
            for value in request.POST.getlist(_ADMIN_SELECTION)
        )
    )


def _unstorable_input(request) -> bool:
    if _has_unstorable_text(request.path_info):
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)  # only form bodies are parsed; JSON webhooks stay unread
    return any(
        _has_unstorable_text(key) or any(_has_unstorable_text(value) for value in values)
        for source in sources
        for key, values in source.lists()
    )


class UnstorableInputMiddleware:
    """One guard for every form and query: a NUL byte (or a lone surrogate) in the address, a
    query parameter or a posted field answers 400 with a page that says what was wrong, before
    any view can send it to the database (where it would fail with a DataError). Nothing is
    saved; the browser's back button returns to the form as it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _unstorable_input(request):
            return render(
                request,
                "400.html",
                {
                    "reason": "The address or the form contained a character that cannot be "
                    "stored (a NUL byte or a broken character), often from text pasted out of "
                    "another program. Remove it and send the form again."
                },
                status=400,
            )
        if _malformed_admin_selection(request):
            return render(
                request,
                "400.html",
                {"reason": "The rows chosen for the action were not valid. Choose them again."},
                status=400,
            )
        return self.get_response(request)


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
