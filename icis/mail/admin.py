from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from icis.core.admin import ReadOnlyAdminMixin

from .exceptions import MailError
from .models import OutboundEmail
from .services import email_queue_test, email_resend


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every email the site sent or will send. Read-only: staff resend, they do not edit."""

    list_display = [
        "subject",
        "to_email",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "template",
    ]
    list_filter = ["status", "template", "created_at"]
    search_fields = ["to_email", "subject", "dedupe_key"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fieldsets = [
        (None, {"fields": ["to_email", "from_email", "subject", "status", "preview_link"]}),
        (
            "Delivery",
            {
                "fields": [
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "sending_started_at",
                    "sent_at",
                    "created_at",
                ]
            },
        ),
        (
            "Content",
            {
                "fields": [
                    "body_text",
                    "template",
                    "context",
                    "headers",
                    "attachments",
                    "dedupe_key",
                ]
            },
        ),
    ]
    # Every field shown is read-only: staff resend an email, they never edit one.
    readonly_fields = [field for _, options in fieldsets for field in options["fields"]]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        send_test = self.admin_site.admin_view(self.send_test_view)
        return [
            path("<int:pk>/preview/", preview, name="mail_outboundemail_preview"),
            path("send-test/", send_test, name="mail_outboundemail_send_test"),
            *super().get_urls(),
        ]

    @admin.display(description="HTML version")
    def preview_link(self, obj: OutboundEmail):
        if not obj.body_html:
            return "None: this email is plain text only."
        url = reverse("admin:mail_outboundemail_preview", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview the HTML email</a>', url
        )

    # The email's own HTML, shown as the recipient's client would: in a sandbox, no scripts,
    # inline styles allowed (email clients need them), nothing loaded from elsewhere.
    @csp_replace(
        {
            "default-src": [NONE],
            "script-src": [NONE],
            "connect-src": None,
            "frame-src": None,
            "style-src": [UNSAFE_INLINE],
            "img-src": [SELF, "data:"],
            "sandbox": True,
        }
    )
    def preview_view(self, request, pk: int):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        email = get_object_or_404(OutboundEmail, pk=pk)
        return HttpResponse(email.body_html or "", content_type="text/html; charset=utf-8")

    def send_test_view(self, request):
        if request.method != "POST" or not self.has_view_permission(request):
            return HttpResponse(status=405 if request.method != "POST" else 403)
        email = email_queue_test(user=request.user)
        self.message_user(
            request,
            f"A test email to {email.to_email} is queued; it appears below.",
            messages.SUCCESS,
        )
        return redirect("admin:mail_outboundemail_changelist")

    @admin.action(description="Send the selected emails again")
    def resend(self, request, queryset):
        resent = 0
        for email in queryset:
            try:
                email_resend(email_id=email.pk, actor=request.user)
            except MailError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                resent += 1
        if resent:
            self.message_user(
                request, f"{resent} email(s) queued to be sent again.", messages.SUCCESS
            )
