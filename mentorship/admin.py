"""Staff see mentors, requests, declines, pairings and feedback; they pause a mentor (audited)
and export. The rows change only through the services; speed-mentoring sessions and their
tables are edited here."""

from django.contrib import admin, messages
from django.db.models import Count, Q

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, ReadOnlyAdminMixin
from icis.core.spreadsheets import csv_response

from . import selectors, services
from .models import Feedback, MentorProfile, MentorshipRequest, Pairing, SpeedSeat, SpeedSession
from .speed_models import SpeedTable


@admin.register(MentorProfile)
class MentorProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "capacity", "active_pairings", "is_paused", "staff_paused_at"]
    list_filter = ["is_paused", ("staff_paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__first_name", "user__last_name", "keywords"]
    list_select_related = ["user"]
    actions = ["pause", "resume", "export_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active=Count("pairings", filter=Q(pairings__ended_at__isnull=True), distinct=True)
            )
        )

    @admin.display(description="active pairings", ordering="active")
    def active_pairings(self, mentor):
        return mentor.active

    @admin.action(description="Pause: stop suggesting these mentors to trainees")
    def pause(self, request, queryset):
        for mentor_id in queryset.values_list("pk", flat=True):
            services.mentor_staff_pause(mentor_id=mentor_id, paused=True, actor=request.user)
        messages.success(request, "Paused: trainees are not shown them.")

    @admin.action(description="Resume: suggest these mentors again")
    def resume(self, request, queryset):
        for mentor_id in queryset.values_list("pk", flat=True):
            services.mentor_staff_pause(mentor_id=mentor_id, paused=False, actor=request.user)
        messages.success(request, "Resumed.")

    @admin.action(description="Export selected mentors (CSV)")
    def export_csv(self, request, queryset):
        rows = (
            (
                mentor.user.get_full_name(),
                mentor.user.email,
                mentor.keywords,
                ", ".join(mentor.offer_labels()),
                ", ".join(mentor.format_labels()),
                mentor.capacity,
                mentor.active,
                "yes" if not mentor.is_listed else "no",
            )
            for mentor in queryset
        )
        header = ["Name", "Email", "Keywords", "Offers", "Formats", "Places", "Active", "Paused"]
        return csv_response("mentors.csv", header, rows)


@admin.register(MentorshipRequest)
class MentorshipRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Requests with their goals (staff may read them) and every decline with its note."""

    list_display = ["__str__", "trainee", "mentor", "format", "status", "created_at", "answer_by"]
    list_filter = ["status", "format"]
    search_fields = ["trainee__email", "mentor__user__email"]
    list_select_related = ["trainee", "mentor__user"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    @admin.action(description="Export selected requests (CSV)")
    def export_csv(self, request, queryset):
        rows = (
            (
                item.pk,
                item.trainee.get_full_name(),
                item.mentor.user.get_full_name(),
                item.get_format_display(),
                item.get_status_display(),
                item.note,
                item.created_at.isoformat(),
                item.answered_at.isoformat() if item.answered_at else "",
            )
            for item in queryset
        )
        header = ["Request", "Trainee", "Mentor", "Format", "Status", "Note", "Sent", "Answered"]
        return csv_response("mentorship-requests.csv", header, rows)


@admin.register(Pairing)
class PairingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "mentor", "trainee", "format", "started_at", "ended_at"]
    list_filter = ["format", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["trainee__email", "mentor__user__email"]
    list_select_related = ["trainee", "mentor__user"]
    actions = ["export_csv"]

    def changelist_view(self, request, extra_context=None):
        counts = selectors.dashboard_counts()
        title = (
            f"Pairings: {counts['active_pairings']} under way, "
            f"{counts['waiting_trainees']} trainee(s) waiting for an answer"
        )
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.action(description="Export selected pairings (CSV)")
    def export_csv(self, request, queryset):
        rows = (
            (
                pairing.pk,
                pairing.mentor.user.get_full_name(),
                pairing.trainee.get_full_name(),
                pairing.get_format_display(),
                pairing.started_at.isoformat(),
                pairing.ended_at.isoformat() if pairing.ended_at else "",
            )
            for pairing in queryset
        )
        header = ["Pairing", "Mentor", "Trainee", "Format", "Started", "Ended"]
        return csv_response("pairings.csv", header, rows)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """End-of-pairing feedback: private to staff."""

    list_display = ["pairing", "author", "rating", "comments", "created_at"]
    list_filter = ["rating"]
    list_select_related = ["pairing", "author"]

    def changelist_view(self, request, extra_context=None):
        summary = selectors.feedback_summary()
        mean = summary["mean_rating"]
        title = f"Feedback: {summary['count']} given" + (
            f", mean rating {mean:.1f} of 5" if mean is not None else ""
        )
        return super().changelist_view(request, {"title": title, **(extra_context or {})})


class SpeedTableInline(admin.TabularInline):
    model = SpeedTable
    extra = 0
    autocomplete_fields = ["mentor"]


@admin.register(SpeedSession)
class SpeedSessionAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = ["title", "meeting", "is_published"]
    list_select_related = ["meeting"]
    inlines = [SpeedTableInline]


@admin.register(SpeedSeat)
class SpeedSeatAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["table", "trainee", "waitlisted", "created_at"]
    list_filter = ["waitlisted", "table__session"]
    list_select_related = ["table__mentor__user", "trainee"]
