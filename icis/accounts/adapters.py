from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.httpkit import clean_client_ip
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404

from icis.mail.services import email_queue_message

EMAIL_MAX_LENGTH = 254  # the User.email column; RFC 5321 allows no longer a path either


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

    def clean_email(self, email: str) -> str:
        """Every allauth form that takes an address (sign-up, add an address) refuses one longer
        than the account's column, in place, instead of storing it cut short."""
        email = super().clean_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                f"This email address is {len(email)} characters long; "
                f"we can store at most {EMAIL_MAX_LENGTH}."
            )
        return email


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ORCID sign-in: the provider is offered only when the society has configured a client."""

    def get_provider(self, request, provider, client_id=None):
        """Without a configured client, ORCID's login and callback addresses do not exist."""
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("This way of signing in is not available.") from None
