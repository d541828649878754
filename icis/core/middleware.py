"""Middleware every app relies on."""

from django.contrib import messages
from django.shortcuts import redirect, render

from .locks import LockBusy


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
