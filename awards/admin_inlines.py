"""The inlines of the awards' admin pages: a call's documents, rubric and panel; an
application's files, referee letters, reviews and conflicts (read-only)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from icis.core.admin import ReadOnlyAdminMixin

from .models import (
    Conflict,
    Criterion,
    Document,
    PanelMember,
    RefereeRequest,
    RequiredDocument,
    Review,
)


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    verbose_name_plural = "documents the call asks for (PDF)"


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    verbose_name_plural = "scoring rubric (reviewers score each criterion from 1 to 5)"


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    fields = ["reviewer", "is_chair", "added_at"]
    readonly_fields = ["added_at"]
    autocomplete_fields = ["reviewer"]
    extra = 0
    verbose_name_plural = "panel (reviewers need an account on the site)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "file_link", "pages", "size", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = "files"

    @admin.display(description="file")
    def file_link(self, obj: Document):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("awards:file", kwargs={"document_id": obj.pk}),
            obj.original_name,
        )


class RefereeRequestInline(ReadOnlyInline):
    model = RefereeRequest
    fields = ["name", "email", "requested_at", "reminded_at", "expires_at", "received_at"]
    readonly_fields = fields
    verbose_name_plural = "referee letters asked for"


def scores_display(review: Review) -> str:
    scores = sorted(
        review.scores.all(), key=lambda score: (score.criterion.ordering, score.criterion_id)
    )
    return " · ".join(f"{score.criterion.name} {score.value}" for score in scores) or "None yet"


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["reviewer", "assigned_at", "submitted_at", "weighted_score", "scores", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("reviewer")
            .prefetch_related("scores__criterion")
        )

    @admin.display(description="scores")
    def scores(self, obj: Review):
        return scores_display(obj)


class ConflictInline(ReadOnlyInline):
    model = Conflict
    fields = ["reviewer", "reason", "declared_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")
