"""Staff: each meeting's poster settings, the posters (made from accepted abstracts, or added
by hand) with their file and preview state, meet-the-presenter times, and two actions: make
posters from the accepted abstracts, and make previews again. A poster's file is uploaded on
its presenter's page, which staff acting as staff may open too."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, staff_page

from . import audit, presenting, syncing  # noqa: F401  (audit: the admin's audit actions)
from .admin_forms import PosterSyncForm
from .models import Poster, PosterSettings, PresenterSlot


@admin.register(PosterSettings)
class PosterSettingsAdmin(AuditedModelAdmin):
    list_display = ["meeting", "max_mb", "max_pages", "uploads_open"]
    list_select_related = ["meeting"]
    actions = ["make_posters"]

    @admin.action(description="Make posters from the accepted abstracts of these meetings")
    def make_posters(self, request, queryset):
        for meeting_id in queryset.values_list("meeting_id", flat=True):
            result = syncing.posters_sync(meeting_id=meeting_id, actor=request.user)
            self.message_user(request, str(result), messages.SUCCESS)


class PresenterSlotInline(admin.TabularInline):
    model = PresenterSlot
    extra = 0
    fields = ["starts_at", "ends_at", "where"]


@admin.register(Poster)
class PosterAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = [
        "board_number",
        "title",
        "presenter_name",
        "meeting",
        "topic",
        "file_kind",
        "preview_state",
        "is_shown",
    ]
    list_display_links = ["board_number", "title"]
    list_filter = ["meeting", "topic", "preview_state", "is_shown", "file_kind"]
    list_select_related = ["meeting"]
    search_fields = ["title", "board_number", "presenter_name", "presenter_affiliation"]
    autocomplete_fields = ["presenter"]
    inlines = [PresenterSlotInline]
    actions = ["make_previews_again"]
    change_list_template = "admin/posters/poster/change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "meeting",
                    "abstract",
                    "title",
                    "topic",
                    "board_number",
                    "summary",
                    "is_shown",
                ]
            },
        ),
        ("Presenter", {"fields": ["presenter", "presenter_name", "presenter_affiliation"]}),
        (
            "File and previews (the presenter uploads on their page)",
            {
                "fields": [
                    "presenter_page",
                    "file_name",
                    "file_kind",
                    "file_pages",
                    "uploaded_at",
                    "preview_state",
                    "preview_error",
                    "preview_width",
                    "preview_height",
                    "narration_url",
                ]
            },
        ),
    ]
    readonly_fields = [
        "abstract",
        "presenter_page",
        "file_name",
        "file_kind",
        "file_pages",
        "uploaded_at",
        "preview_state",
        "preview_error",
        "preview_width",
        "preview_height",
    ]

    @admin.display(description="Presenter's page")
    def presenter_page(self, poster: Poster) -> str:
        if not poster.pk:
            return "Save the poster first."
        url = reverse("poster_presenter:detail", args=[poster.pk])
        return format_html('<a href="{}">Upload or replace the file, times, narration</a>', url)

    @admin.action(description="Make previews again")
    def make_previews_again(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        count = presenting.previews_requeue(poster_ids=ids, actor=request.user)
        self.message_user(
            request,
            f"{count} poster{pluralize(count)} queued for new previews (those with a file).",
            messages.SUCCESS,
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("sync/", wrap(partial(sync_view, model_admin=self)), name="posters_poster_sync"),
            *super().get_urls(),
        ]


def sync_view(request, model_admin):
    """Make posters from a meeting's accepted poster abstracts (the periodic task does the
    same every quarter hour)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = PosterSyncForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        result = syncing.posters_sync(meeting_id=meeting.pk, actor=request.user)
        model_admin.message_user(request, f"{meeting.name}: {result}", messages.SUCCESS)
        changelist = reverse("admin:posters_poster_changelist")
        return redirect(f"{changelist}?meeting__id__exact={meeting.pk}")
    return staff_page(
        request,
        model_admin,
        "admin/posters/poster/sync.html",
        form=form,
        title="Make posters from accepted abstracts",
    )
