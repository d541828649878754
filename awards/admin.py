"""Staff run the awards here: programs and their yearly calls, the panel, assigning reviewers,
the ranking, decisions and their release, and the list of recipients.

Applications and reviews are read-only. Everything that changes their state (assigning a
reviewer, recording a decision, releasing the decisions) goes through its own page or form,
which calls the awards services; their errors become messages."""

from functools import partial

from django.contrib import admin
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, ReadOnlyAdminMixin
from icis.core.money import format_amount
from meetings import selectors as meeting_selectors

from . import admin_views, selectors
from .admin_filters import CycleFilter, ReviewCycleFilter, SubmittedFilter
from .admin_forms import AwardProgramForm, ConflictRecordForm, ReviewerAssignForm
from .admin_inlines import (
    ConflictInline,
    CriterionInline,
    DocumentInline,
    PanelMemberInline,
    RefereeRequestInline,
    RequiredDocumentInline,
    ReviewInline,
    scores_display,
)
from .models import (
    Application,
    AwardCycle,
    AwardProgram,
    Recipient,
    Review,
)

# --- Programs -----------------------------------------------------------------------------------


@admin.register(AwardProgram)
class AwardProgramAdmin(AuditedModelAdmin):
    form = AwardProgramForm
    list_display = ["name", "level", "prize", "is_active", "ordering"]
    list_filter = ["level", "is_active", "membership_required", "grants_registration"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["grants_membership_type"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "level", "summary", "description", "is_active"]}),
        (
            "Who may be a candidate",
            {
                "fields": [
                    "membership_required",
                    "career_stages",
                    "max_years_since_degree",
                    "declaration",
                ]
            },
        ),
        (
            "What recipients receive",
            {
                "fields": [
                    "value_amount",
                    "currency",
                    "benefits",
                    "grants_registration",
                    "grants_membership_type",
                ]
            },
        ),
        ("Listing", {"fields": ["ordering"]}),
    ]

    @admin.display(description="prize money", ordering="value_amount")
    def prize(self, obj: AwardProgram):
        return format_amount(obj.value_amount, obj.currency) if obj.value_amount else ""


# --- Cycles: the call, its rubric and its panel -------------------------------------------------


@admin.register(AwardCycle)
class AwardCycleAdmin(InlineChangesAuditedMixin, AuditedModelAdmin):
    list_display = [
        "program",
        "year",
        "opens_at",
        "closes_at",
        "intake",
        "submitted",
        "awards_available",
        "judging",
    ]
    list_filter = ["program", "year", "intake"]
    search_fields = ["program__name"]
    list_select_related = ["program"]
    date_hierarchy = "closes_at"
    inlines = [RequiredDocumentInline, CriterionInline, PanelMemberInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "program",
                    "year",
                    ("opens_at", "closes_at"),
                    "intake",
                    "awards_available",
                    "call_text",
                ]
            },
        ),
        (
            "Meeting (for a complimentary registration and its abstracts)",
            {
                "fields": [
                    "meeting",
                    "registration_category",
                    "abstract_required",
                    "enter_trainee_abstracts",
                ]
            },
        ),
        (
            "Letters and judging",
            {
                "fields": [
                    "letters_required",
                    "letter_max_pages",
                    "letters_close_at",
                    "reviews_per_application",
                ]
            },
        ),
        (
            "Decision emails",
            {
                "description": "Added to the standard wording of each decision email.",
                "fields": [
                    "decision_note_awarded",
                    "decision_note_waitlisted",
                    "decision_note_declined",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                submitted_count=Count(
                    "applications",
                    filter=Q(applications__status=Application.Status.SUBMITTED),
                )
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "registration_category":
            kwargs["queryset"] = meeting_selectors.registration_categories()
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # Categories of several meetings share names (Member, Trainee): label them with theirs.
            field.label_from_instance = meeting_selectors.category_label
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="submitted", ordering="submitted_count")
    def submitted(self, obj: AwardCycle):
        return obj.submitted_count

    @admin.display(description="judging")
    def judging(self, obj: AwardCycle):
        return format_html(
            '<a href="{}">Ranking and decisions</a>',
            reverse("admin:awards_awardcycle_ranking", args=[obj.pk]),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_judging_permission": self.has_change_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Judging pages ------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:cycle_id>/ranking/",
                wrap(partial(admin_views.ranking_view, model_admin=self)),
                name="awards_awardcycle_ranking",
            ),
            path(
                "<int:cycle_id>/ranking.csv",
                wrap(partial(admin_views.ranking_csv_view, model_admin=self)),
                name="awards_awardcycle_ranking_csv",
            ),
            path(
                "<int:cycle_id>/ranking/<int:application_id>/decision/",
                wrap(partial(admin_views.decision_view, model_admin=self)),
                name="awards_awardcycle_decision",
            ),
            path(
                "<int:cycle_id>/assign/",
                wrap(partial(admin_views.assign_view, model_admin=self)),
                name="awards_awardcycle_assign",
            ),
            path(
                "<int:cycle_id>/enter-abstracts/",
                wrap(partial(admin_views.enter_abstracts_view, model_admin=self)),
                name="awards_awardcycle_enter_abstracts",
            ),
            path(
                "<int:cycle_id>/release/",
                wrap(partial(admin_views.release_view, model_admin=self)),
                name="awards_awardcycle_release",
            ),
            *super().get_urls(),
        ]


# --- Applications (read-only) -------------------------------------------------------------------


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Applications and nominations as submitted. Nothing here is edited: reviewers are
    assigned with the form on the page, decisions on the cycle's ranking page."""

    list_display = [
        "candidate_display",
        "cycle",
        "kind",
        "status",
        "decision",
        "submitted_at",
        "decision_released_at",
    ]
    list_filter = [CycleFilter, "kind", "status", "decision"]
    search_fields = [
        "candidate_name",
        "candidate_email",
        "candidate_institution",
        "title",
    ]
    list_select_related = ["cycle__program", "created_by"]
    date_hierarchy = "submitted_at"
    fieldsets = [
        (
            None,
            {"fields": ["cycle", "kind", "status", "created_by", "submitted_at", "withdrawn_at"]},
        ),
        (
            "Candidate (as submitted)",
            {
                "fields": [
                    "candidate",
                    "candidate_name",
                    "candidate_email",
                    "candidate_institution",
                    "candidate_career_stage",
                    "candidate_degree_year",
                    "declaration_confirmed",
                ]
            },
        ),
        ("The work", {"fields": ["title", "summary", "abstract_with_score"]}),
        (
            "Decision",
            {
                "fields": [
                    "decision",
                    "citation",
                    "decided_at",
                    "decided_by",
                    "decision_released_at",
                    "benefits_note",
                ]
            },
        ),
    ]
    readonly_fields = [
        "cycle",
        "kind",
        "status",
        "created_by",
        "submitted_at",
        "withdrawn_at",
        "candidate",
        "candidate_name",
        "candidate_email",
        "candidate_institution",
        "candidate_career_stage",
        "candidate_degree_year",
        "declaration_confirmed",
        "title",
        "summary",
        "abstract_with_score",
        "decision",
        "citation",
        "decided_at",
        "decided_by",
        "decision_released_at",
        "benefits_note",
    ]
    inlines = [DocumentInline, RefereeRequestInline, ReviewInline, ConflictInline]

    @admin.display(description="abstract")
    def abstract_with_score(self, obj: Application) -> str:
        """The abstract the application is for, with its review score from the meeting's call."""
        if obj.abstract_id is None:
            return "None chosen"
        score = selectors.abstract_score(abstract_id=obj.abstract_id)
        scored = (
            f"score {score.mean} from {score.reviews} review{pluralize(score.reviews)}"
            if score is not None and score.mean is not None
            else "not scored yet"
        )
        return f"{obj.abstract.number}: {obj.abstract} ({scored})"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cycle__program", "created_by")

    def has_assign_permission(self, request) -> bool:
        return request.user.has_perm("awards.change_awardcycle")

    @admin.display(description="candidate", ordering="candidate_name")
    def candidate_display(self, obj: Application):
        return obj.candidate_name or obj.created_by.email

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if (
            application is not None
            and application.status == Application.Status.SUBMITTED
            and self.has_assign_permission(request)
        ):
            form = ReviewerAssignForm(application=application)
            extra_context = {
                **extra_context,
                "assign_form": form,
                "assign_possible": form.fields["reviewer"].queryset.exists(),
                "conflict_form": ConflictRecordForm(application=application),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:application_id>/assign-reviewer/",
                self.admin_site.admin_view(
                    partial(admin_views.application_assign_view, model_admin=self)
                ),
                name="awards_application_assign",
            ),
            path(
                "<int:application_id>/record-conflict/",
                self.admin_site.admin_view(
                    partial(admin_views.application_conflict_view, model_admin=self)
                ),
                name="awards_application_conflict",
            ),
            *super().get_urls(),
        ]


# --- Reviews (read-only) ------------------------------------------------------------------------


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Assignments and their scores. Reviewers score on the site; staff assign on the cycle's
    pages and the application's."""

    list_display = [
        "candidate",
        "cycle",
        "reviewer",
        "assigned_at",
        "submitted_at",
        "weighted_score",
    ]
    list_filter = [ReviewCycleFilter, SubmittedFilter]
    search_fields = [
        "application__candidate_name",
        "reviewer__email",
        "reviewer__first_name",
        "reviewer__last_name",
    ]
    list_select_related = ["application__cycle__program", "reviewer"]
    fields = [
        "application",
        "reviewer",
        "assigned_at",
        "submitted_at",
        "weighted_score",
        "scores",
        "comment",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("application__cycle__program", "application__created_by", "reviewer")
            .prefetch_related("scores__criterion")
        )

    @admin.display(description="candidate", ordering="application__candidate_name")
    def candidate(self, obj: Review):
        return obj.application.candidate_name

    @admin.display(description="call", ordering="application__cycle")
    def cycle(self, obj: Review):
        return obj.application.cycle

    @admin.display(description="scores")
    def scores(self, obj: Review):
        return scores_display(obj)


# --- Recipients ---------------------------------------------------------------------------------


@admin.register(Recipient)
class RecipientAdmin(AuditedModelAdmin):
    """The public list. Releasing an award adds its recipient; earlier years are entered here."""

    list_display = ["name", "program", "year", "institution", "is_public"]
    list_filter = ["program", "year", "is_public"]
    search_fields = ["name", "institution", "citation"]
    list_select_related = ["program"]
    fields = [
        "program",
        "year",
        "name",
        "institution",
        "citation",
        "photo",
        "photo_alt",
        "is_public",
        "application_link",
    ]
    readonly_fields = ["application_link"]

    @admin.display(description="application")
    def application_link(self, obj: Recipient):
        if obj.application_id is None:
            return "None: entered by hand."
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:awards_application_change", args=[obj.application_id]),
            obj.application,
        )
