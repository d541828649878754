"""Staff set the best-poster vote categories of a meeting (registered from apps.py)."""

from django.contrib import admin

from icis.core.admin import AuditedModelAdmin

from . import audit_engagement  # noqa: F401  (registers the admin's audit actions)
from .engagement_models import VoteCategory


@admin.register(VoteCategory)
class VoteCategoryAdmin(AuditedModelAdmin):
    list_display = ["name", "meeting", "closes_at", "results_released"]
    list_filter = ["meeting", "results_released"]
    search_fields = ["name"]
    filter_horizontal = ["posters"]
    list_select_related = ["meeting"]
