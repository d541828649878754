from django.contrib import admin

from icis.core.admin import AuditedModelAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(AuditedModelAdmin):
    list_display = ["title", "slug", "ordering", "is_published", "updated_at"]
    list_editable = ["ordering", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "body", "ordering", "is_published"]
    view_on_site = True
