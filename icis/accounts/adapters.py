from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.httpkit import clean_client_ip
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from icis.mail.services import email_queue_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (confirmation, password reset, security notices) go through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        email_queue_message(
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            template=template_prefix,
        )

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def get_client_ip(self, request) -> str:
        """The client's address, which the sign-in rate limits count (ALLAUTH_TRUSTED_PROXY_COUNT
        in the settings says how much of X-Forwarded-For to trust). A request with fewer entries
        than trusted proxies did not come through them all: its peer address counts, instead of
        allauth's configuration error (a 500)."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            ip = clean_client_ip(request.META.get("REMOTE_ADDR", ""))
            if not ip:
                raise PermissionDenied("Unable to determine client IP address") from None
            return ip


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ORCID sign-in: the provider is offered only when the society has configured a client."""
