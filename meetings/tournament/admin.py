"""Staff set up a meeting's tournament (its rules inline), the daily questions (their choices
inline) and the prize draws, and read the ledger, which nobody edits."""

from functools import partial

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, ReadOnlyAdminMixin

from . import admin_views
from .forms import DailyQuestionAdminForm
from .models import DailyChoice, DailyQuestion, PointEvent, PointRule, PrizeDraw, Tournament


class PointRuleInline(admin.TabularInline):
    model = PointRule
    extra = 1
    fields = ["action", "points", "daily_cap"]


@admin.register(Tournament)
class TournamentAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = ["meeting", "closes_at", "leaderboard_size"]
    list_select_related = ["meeting"]
    inlines = [PointRuleInline]


class DailyChoiceInline(admin.TabularInline):
    model = DailyChoice
    extra = 3
    max_num = 6
    fields = ["text", "is_right"]


@admin.register(DailyQuestion)
class DailyQuestionAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    form = DailyQuestionAdminForm
    list_display = ["day", "text", "tournament"]
    list_select_related = ["tournament__meeting"]
    list_filter = ["tournament"]
    inlines = [DailyChoiceInline]


@admin.register(PrizeDraw)
class PrizeDrawAdmin(AuditedModelAdmin):
    list_display = ["name", "tournament", "winners_count", "rule", "threshold", "drawn_at", "links"]
    list_select_related = ["tournament__meeting"]
    readonly_fields = ["seed", "eligible_count", "eligible_digest", "drawn_at", "drawn_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.drawn_at:  # a recorded draw is history
            fixed = ["tournament", "name", "winners_count", "rule", "threshold"]
            return [*fixed, *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.drawn_at

    @admin.display(description="Draw")
    def links(self, obj):
        if obj.drawn_at:
            url = reverse("admin:tournament_prizedraw_verify", args=[obj.pk])
            return format_html('<a href="{}">Verify</a>', url)
        url = reverse("admin:tournament_prizedraw_run", args=[obj.pk])
        return format_html('<a href="{}">Run the draw</a>', url)

    def get_urls(self):
        wrap = self.admin_site.admin_view

        def url(route: str, view, name: str):
            return path(route, wrap(partial(view, model_admin=self)), name=name)

        return [
            url("<int:draw_id>/run/", admin_views.run_view, "tournament_prizedraw_run"),
            url("<int:draw_id>/verify/", admin_views.verify_view, "tournament_prizedraw_verify"),
            *super().get_urls(),
        ]


@admin.register(PointEvent)
class PointEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The ledger is append-only: staff read it, nobody adds, changes or deletes a row."""

    list_display = ["created_at", "user", "action", "object_key", "points", "tournament"]
    list_filter = ["action", "tournament"]
    list_select_related = ["user", "tournament__meeting"]
    search_fields = ["user__email", "object_key"]
    readonly_fields = [f.name for f in PointEvent._meta.fields]
