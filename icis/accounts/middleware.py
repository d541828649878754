from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import staff_two_factor_missing


class StaffTwoFactorMiddleware:
    """Staff without two-factor are sent to set it up before they reach the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and staff_two_factor_missing(
            request.user
        ):
            messages.warning(
                request,
                "The staff area needs two-factor authentication. Set up an authenticator app "
                "(or a passkey) for your account, then open the staff area again.",
            )
            return redirect("mfa_index")
        return self.get_response(request)
