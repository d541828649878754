from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .staff import staff_two_factor_step


class StaffTwoFactorMiddleware:
    """Staff who have not passed two-factor in this session are sent to set it up, or to confirm
    it, before they reach the admin (outside the admin they are treated as plain users)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = ""

    def __call__(self, request):
        # Reversed at the first request (the URLconf is loaded by then), not at each one.
        if not self._admin_prefix:
            self._admin_prefix = reverse("admin:index")
        if not request.path.startswith(self._admin_prefix):
            return self.get_response(request)
        step = staff_two_factor_step(request)
        if step == "set_up":
            messages.warning(
                request,
                "The staff area needs two-factor authentication. Set up an authenticator app "
                "(or a passkey) for your account, then open the staff area again.",
            )
            return redirect("mfa_index")
        if step == "confirm":
            messages.info(
                request,
                "The staff area needs two-factor authentication in this session: confirm it "
                "with your authenticator app, a recovery code or a passkey.",
            )
            next_url = request.get_full_path() if request.method == "GET" else request.path
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
        return self.get_response(request)
