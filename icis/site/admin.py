from django.contrib import admin
from django.urls import reverse

from icis.core.admin import AuditedModelAdmin, ReadOnlyAdminMixin

from .models import ContactMessage, LeadershipTerm, Page


@admin.register(Page)
class PageAdmin(AuditedModelAdmin):
    list_display = ["title", "slug", "ordering", "is_published", "updated_at"]
    list_editable = ["ordering", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "body", "ordering", "is_published"]
    view_on_site = True


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Messages from the contact page, as sent (each was also emailed to the office)."""

    list_display = ["created_at", "name", "email", "topic"]
    list_filter = ["topic"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "name", "email", "topic", "message"]


@admin.register(LeadershipTerm)
class LeadershipTermAdmin(AuditedModelAdmin):
    """Officers and council members. A term that has ended stays: the leadership page lists it
    under the past officers and council."""

    list_display = ["name", "role", "body", "institution", "term_start", "term_end", "ordering"]
    list_filter = ["body", "role"]
    list_editable = ["ordering"]
    search_fields = ["name", "role", "institution"]
    date_hierarchy = "term_start"
    fields = [
        "name",
        "role",
        "body",
        "institution",
        ("term_start", "term_end"),
        "photo",
        "photo_alt",
        "ordering",
    ]

    def view_on_site(self, obj):
        return reverse("site:leadership")
