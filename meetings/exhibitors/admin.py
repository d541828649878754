from django.contrib import admin
from django.utils.html import format_html, format_html_join

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin

from . import (
    audit,  # noqa: F401  (registers the admin's audit actions)
    selectors,
)
from .forms import BoothResourceAdminForm
from .models import HOURS_MAX_ROWS, RESOURCES_MAX_ROWS, Booth, BoothHours, BoothResource, BoothStaff


class BoothStaffInline(admin.TabularInline):
    model = BoothStaff
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["added_at"]


class BoothHoursInline(admin.TabularInline):
    model = BoothHours
    extra = 0
    max_num = HOURS_MAX_ROWS


class BoothResourceInline(admin.TabularInline):
    model = BoothResource
    form = BoothResourceAdminForm
    extra = 1
    max_num = RESOURCES_MAX_ROWS
    readonly_fields = ["downloads"]


@admin.register(Booth)
class BoothAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = ["sponsor", "meeting", "is_listed", "visit_count", "lead_count", "downloads"]
    list_filter = ["sponsor__meeting", "is_listed"]
    list_select_related = ["sponsor__meeting"]
    raw_id_fields = ["sponsor"]
    search_fields = ["sponsor__name"]
    readonly_fields = ["engagement"]
    fields = ["sponsor", "description", "video_url", "is_listed", "engagement"]
    inlines = [BoothStaffInline, BoothHoursInline, BoothResourceInline]

    def get_queryset(self, request):
        return selectors.booths_with_counts(super().get_queryset(request))

    @admin.display(description="meeting", ordering="sponsor__meeting__start_date")
    def meeting(self, booth):
        return booth.sponsor.meeting

    @admin.display(description="visits", ordering="visit_count")
    def visit_count(self, booth):
        return booth.visit_count

    @admin.display(description="contact requests", ordering="lead_count")
    def lead_count(self, booth):
        return booth.lead_count

    @admin.display(description="file downloads", ordering="download_count")
    def downloads(self, booth):
        return booth.download_count

    @admin.display(description="engagement (counts, never who)")
    def engagement(self, booth):
        if booth.pk is None:
            return "-"
        counts = selectors.engagement(booth=booth)
        days = format_html_join(
            "", "<li>{}: {} visits</li>", ((d.day, d.visits) for d in counts["visit_days"])
        )
        return format_html(
            "<ul>{}</ul><p>{} contact requests · {} file downloads</p>",
            days or format_html("<li>{}</li>", "No visits yet"),
            counts["leads"],
            counts["downloads"],
        )
