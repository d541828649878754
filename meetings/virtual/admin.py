from django.contrib import admin
from django.urls import reverse

from icis.core.admin import AuditedModelAdmin

from . import audit  # noqa: F401  (registers the admin's audit actions)
from .models import EmbedHost, Recording
from .selectors import with_watcher_counts


@admin.register(EmbedHost)
class EmbedHostAdmin(AuditedModelAdmin):
    list_display = ["host", "name", "approved_at"]
    search_fields = ["host", "name"]


@admin.register(Recording)
class RecordingAdmin(AuditedModelAdmin):
    """Recordings by meeting and session, with how many attendees watched each (a count: who
    watched is never shown)."""

    list_display = [
        "title",
        "session",
        "meeting",
        "duration",
        "available_until",
        "watched_by",
    ]
    list_filter = ["session__day__meeting", "session__kind"]
    list_select_related = ["session__day__meeting"]
    search_fields = ["title", "session__title"]
    raw_id_fields = ["session"]  # autocomplete answers a mistyped id with an error page
    fields = ["session", "title", "url", "duration_seconds", "available_until", "ordering"]

    def get_queryset(self, request):
        return with_watcher_counts(super().get_queryset(request))

    @admin.display(ordering="session__day__meeting__start_date")
    def meeting(self, obj):
        return obj.session.day.meeting

    @admin.display(ordering="duration_seconds")
    def duration(self, obj):
        return obj.duration_display

    @admin.display(description="attendees who watched", ordering="watchers")
    def watched_by(self, obj):
        return obj.watchers

    def view_on_site(self, obj):
        return reverse("virtual:recording", args=[obj.session.day.meeting.slug, obj.pk])
