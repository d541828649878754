"""Staff set up a meeting's call (with its topics) and look at the abstracts; abstracts change
only through their authors' services, so staff read them here."""

from django.contrib import admin

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, ReadOnlyAdminMixin

from .admin_book import AbstractBookAdminMixin
from .models import Abstract, AbstractCall, AbstractTopic, Affiliation, Author


class AbstractTopicInline(admin.TabularInline):
    model = AbstractTopic
    extra = 3
    fields = ["position", "name"]


@admin.register(AbstractCall)
class AbstractCallAdmin(AbstractBookAdminMixin, InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = ["meeting", "opens_at", "closes_at", "late_breaking_closes_at", "blind_review"]
    list_select_related = ["meeting"]
    inlines = [AbstractTopicInline]
    fieldsets = [
        (None, {"fields": ["meeting", "introduction"]}),
        (
            "When (enter times in UTC; the call's page shows them in the meeting's zone)",
            {
                "fields": [
                    "opens_at",
                    "closes_at",
                    "late_breaking_opens_at",
                    "late_breaking_closes_at",
                ]
            },
        ),
        ("Limits", {"fields": ["body_limit", "max_authors", "max_per_presenter"]}),
        (
            "Declarations and review",
            {
                "fields": [
                    "conflicts_required",
                    "publication_consent_required",
                    "blind_review",
                    "presenter_registered_by",
                ]
            },
        ),
    ]


class AuthorInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Author
    fields = ["position", "name", "email", "user", "affiliation_numbers", "is_presenting"]
    readonly_fields = fields
    extra = 0


class AffiliationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Affiliation
    fields = ["number", "name"]
    readonly_fields = fields
    extra = 0


@admin.register(Abstract)
class AbstractAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "call",
        "topic",
        "status",
        "is_late_breaking",
        "submitted_at",
    ]
    list_filter = ["status", "is_late_breaking", "call"]
    list_select_related = ["call__meeting", "topic"]
    search_fields = ["title", "authors__name", "submitter__email"]
    inlines = [AffiliationInline, AuthorInline]
    fields = [
        "call",
        "submitter",
        "status",
        "is_late_breaking",
        "title",
        "topic",
        "preference",
        "body",
        "keywords",
        "conflicts",
        "publication_consent",
        "submitted_at",
        "withdrawn_at",
        "reminder_sent_at",
    ]
    readonly_fields = fields
