"""Staff set up a meeting's call (with its topics) and look at the abstracts; abstracts change
only through their authors' services, so staff read them here."""

from functools import partial

from django.contrib import admin
from django.urls import path

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, ReadOnlyAdminMixin

from . import admin_views, review_services
from .admin_book import AbstractBookAdminMixin
from .models import Abstract, AbstractCall, AbstractTopic, Affiliation, Author
from .models_review import AbstractCriterion, AbstractPanelMember


class AbstractTopicInline(admin.TabularInline):
    model = AbstractTopic
    extra = 3
    fields = ["position", "name"]


@admin.register(AbstractCall)
class AbstractCallAdmin(AbstractBookAdminMixin, InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = ["meeting", "opens_at", "closes_at", "late_breaking_closes_at", "blind_review"]
    list_select_related = ["meeting"]
    inlines = [AbstractTopicInline]
    change_form_template = "admin/abstracts/abstractcall/change_form.html"
    fieldsets = [
        (None, {"fields": ["meeting", "introduction"]}),
        (
            "When (enter times in UTC; the call's page shows them in the meeting's zone)",
            {
                "fields": [
                    "opens_at",
                    "closes_at",
                    "late_breaking_opens_at",
                    "late_breaking_closes_at",
                ]
            },
        ),
        ("Limits", {"fields": ["body_limit", "max_authors", "max_per_presenter"]}),
        (
            "Declarations and review",
            {
                "fields": [
                    "conflicts_required",
                    "publication_consent_required",
                    "blind_review",
                    "reviews_per_abstract",
                    "presenter_registered_by",
                    "decisions_on",
                ]
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        review_services.rubric_default(call=form.instance)

    def get_urls(self):
        wrap = self.admin_site.admin_view

        def url(route: str, view, name: str):
            return path(route, wrap(partial(view, model_admin=self)), name=name)

        return [
            url(
                "<int:call_id>/ranking/",
                admin_views.ranking_view,
                "abstracts_abstractcall_ranking",
            ),
            url(
                "<int:call_id>/ranking.csv",
                admin_views.ranking_csv_view,
                "abstracts_abstractcall_ranking_csv",
            ),
            url(
                "<int:call_id>/ranking/<int:abstract_id>/decision/",
                admin_views.decision_view,
                "abstracts_abstractcall_decision",
            ),
            url(
                "<int:call_id>/ranking/<int:abstract_id>/assign/",
                admin_views.abstract_assign_view,
                "abstracts_abstractcall_abstract_assign",
            ),
            url(
                "<int:call_id>/ranking/<int:abstract_id>/conflict/",
                admin_views.abstract_conflict_view,
                "abstracts_abstractcall_abstract_conflict",
            ),
            url("<int:call_id>/assign/", admin_views.assign_view, "abstracts_abstractcall_assign"),
            url(
                "<int:call_id>/release/", admin_views.release_view, "abstracts_abstractcall_release"
            ),
            *super().get_urls(),
        ]


class AuthorInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Author
    fields = ["position", "name", "email", "user", "affiliation_numbers", "is_presenting"]
    readonly_fields = fields
    extra = 0


class AffiliationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Affiliation
    fields = ["number", "name"]
    readonly_fields = fields
    extra = 0


@admin.register(Abstract)
class AbstractAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "call",
        "topic",
        "status",
        "is_late_breaking",
        "submitted_at",
    ]
    list_filter = ["status", "is_late_breaking", "call"]
    list_select_related = ["call__meeting", "topic"]
    search_fields = ["title", "authors__name", "submitter__email"]
    inlines = [AffiliationInline, AuthorInline]
    fields = [
        "call",
        "submitter",
        "status",
        "is_late_breaking",
        "title",
        "topic",
        "preference",
        "body",
        "keywords",
        "conflicts",
        "publication_consent",
        "submitted_at",
        "withdrawn_at",
        "reminder_sent_at",
    ]
    readonly_fields = fields


@admin.register(AbstractCriterion)
class AbstractCriterionAdmin(AuditedModelAdmin):
    """A call's rubric: a call gets the default one when it is saved; staff change it here."""

    list_display = ["name", "call", "weight", "ordering"]
    list_filter = ["call"]
    list_select_related = ["call__meeting"]
    fields = ["call", "ordering", "name", "guidance", "weight"]


@admin.register(AbstractPanelMember)
class AbstractPanelMemberAdmin(AuditedModelAdmin):
    """A call's reviewers, each with the topics they judge (none chosen: every topic)."""

    list_display = ["reviewer", "call", "topic_names", "is_chair"]
    list_filter = ["call"]
    list_select_related = ["call__meeting", "reviewer"]
    raw_id_fields = ["reviewer"]
    filter_horizontal = ["topics"]
    fields = ["call", "reviewer", "topics", "is_chair"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="Topics")
    def topic_names(self, member) -> str:
        return ", ".join(topic.name for topic in member.topics.all()) or "Every topic"
