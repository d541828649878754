"""Renewal notices in the admin: on a term's page, the notices it was sent; and a read-only
list of every notice sent, for staff to search by member and filter by notice."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from icis.mail.models import OutboundEmail

from .models import Membership, RenewalNoticeSent
from .notices import notice_dedupe_key


def _when(moment) -> str:
    return f"{moment:%d %b %Y %H:%M}"


def notices_sent_html(term: Membership) -> str:
    """The term's notices, oldest first, each linked to its email while the outbox keeps it
    (a pruned email leaves the notice listed). Two queries."""
    sent = {
        notice_dedupe_key(term.pk, row.notice): row
        for row in term.renewal_notices.order_by("queued_at", "pk")
    }
    if not sent:
        return "None yet."
    emails = OutboundEmail.objects.filter(dedupe_key__in=sent).in_bulk(field_name="dedupe_key")
    items = []
    for key, row in sent.items():
        email = emails.get(key)
        if email is None:
            items.append(
                format_html(
                    "<li>{}: queued {}; its email is no longer in the outbox</li>",
                    row.notice,
                    _when(row.queued_at),
                )
            )
            continue
        items.append(
            format_html(
                '<li><a href="{}">{}</a>: {} {}</li>',
                reverse("admin:mail_outboundemail_change", args=[email.pk]),
                email.subject,
                email.get_status_display().lower(),
                _when(email.sent_at or email.created_at),
            )
        )
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items)))


@admin.register(RenewalNoticeSent)
class RenewalNoticeSentAdmin(admin.ModelAdmin):
    """Written only by the renewal schedule: staff look, nobody edits."""

    list_display = ["queued_at", "notice", "member", "email", "membership"]
    list_filter = ["notice"]
    search_fields = [
        "membership__user__email",
        "membership__user__first_name",
        "membership__user__last_name",
    ]
    list_select_related = ["membership__user", "membership__membership_type"]
    date_hierarchy = "queued_at"
    ordering = ["-queued_at", "-pk"]
    fields = ["membership", "notice", "queued_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(ordering="membership__user__last_name")
    def member(self, obj):
        return obj.membership.user.get_full_name() or obj.membership.user.email

    @admin.display(ordering="membership__user__email")
    def email(self, obj):
        return obj.membership.user.email
