from django.contrib import admin

from icis.core.admin import AuditedModelAdmin

from .models import Post


@admin.register(Post)
class PostAdmin(AuditedModelAdmin):
    list_display = ["title", "category", "status", "publish_at", "is_featured", "meeting"]
    list_filter = ["status", "category", "is_featured", "meeting"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "publish_at"
    autocomplete_fields = ["author"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            "Publishing",
            {"fields": ["status", "publish_at", "is_featured", "category", "meeting", "author"]},
        ),
        ("Picture", {"fields": ["hero_image", "hero_image_alt"]}),
    ]
    view_on_site = True

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


# The newsletter's and members' research news's admin pages live in modules of their own.
from . import admin_newsletter, admin_research  # noqa: E402, F401
