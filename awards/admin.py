"""Staff run the awards here: programs and their yearly calls, the panel, assigning reviewers,
the ranking, decisions and their release, and the list of recipients.

Applications and reviews are read-only. Everything that changes their state (assigning a
reviewer, recording a decision, releasing the decisions) goes through its own page or form,
which calls the awards services; their errors become messages."""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from icis.core.admin import AuditedModelAdmin, InlineChangesAuditedMixin, ReadOnlyAdminMixin
from icis.core.spreadsheets import csv_response
from icis.core.validators import id_or_none
from icis.mail.services import email_render
from meetings.admin import CategoryChoiceField
from meetings.models import RegistrationCategory
from members.models import CareerStage

from . import selectors, services
from .exceptions import AwardError
from .models import (
    Application,
    AwardCycle,
    AwardProgram,
    Conflict,
    Criterion,
    Document,
    PanelMember,
    Recipient,
    RefereeRequest,
    RequiredDocument,
    Review,
)

User = get_user_model()
Decision = Application.Decision

# Listed in a message at most this many names; the ranking page shows the rest.
NAMES_IN_A_MESSAGE = 20


# --- Programs -----------------------------------------------------------------------------------


class AwardProgramForm(forms.ModelForm):
    career_stages = forms.MultipleChoiceField(
        choices=CareerStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=AwardProgram._meta.get_field("career_stages").help_text,
    )

    class Meta:
        model = AwardProgram
        fields = [
            "name",
            "slug",
            "level",
            "summary",
            "description",
            "is_active",
            "membership_required",
            "career_stages",
            "max_years_since_degree",
            "declaration",
            "value_amount",
            "currency",
            "benefits",
            "grants_registration",
            "grants_membership_type",
            "ordering",
        ]


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
        return obj.value_display


# --- Cycles: the call, its rubric and its panel -------------------------------------------------


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


class DecisionForm(forms.Form):
    """One row of the ranking: the decision on one application (blank clears it)."""

    decision = forms.ChoiceField(choices=[("", "Undecided"), *Decision.choices], required=False)
    citation = forms.CharField(max_length=300, required=False)


@dataclass
class RankingRow:
    rank: int | None
    ranked: selectors.RankedApplication
    assigned: int

    @property
    def application(self) -> Application:
        return self.ranked.application

    @property
    def can_be_promoted(self) -> bool:
        """Sent as waiting list: the one sent decision that can still change (to awarded)."""
        application = self.application
        return bool(application.decision_released_at) and (
            application.decision == Decision.WAITLISTED
        )

    @property
    def is_final(self) -> bool:
        return bool(self.application.decision_released_at) and not self.can_be_promoted


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
            "Meeting (for a complimentary registration)",
            {"fields": ["meeting", "registration_category"]},
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
            kwargs["queryset"] = RegistrationCategory.objects.select_related("meeting").order_by(
                "-meeting__start_date", "ordering", "name"
            )
            kwargs["form_class"] = CategoryChoiceField
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
                wrap(self.ranking_view),
                name="awards_awardcycle_ranking",
            ),
            path(
                "<int:cycle_id>/ranking.csv",
                wrap(self.ranking_csv_view),
                name="awards_awardcycle_ranking_csv",
            ),
            path(
                "<int:cycle_id>/ranking/<int:application_id>/decision/",
                wrap(self.decision_view),
                name="awards_awardcycle_decision",
            ),
            path(
                "<int:cycle_id>/assign/",
                wrap(self.assign_view),
                name="awards_awardcycle_assign",
            ),
            path(
                "<int:cycle_id>/release/",
                wrap(self.release_view),
                name="awards_awardcycle_release",
            ),
            *super().get_urls(),
        ]

    def _cycle(self, request, cycle_id: int, *related: str) -> AwardCycle:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            AwardCycle.objects.select_related("program", *related), pk=cycle_id
        )

    def _page(self, request, template: str, cycle: AwardCycle, **context):
        return TemplateResponse(
            request,
            f"admin/awards/awardcycle/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "cycle": cycle,
                **context,
            },
        )

    @staticmethod
    def _ranking_url(cycle: AwardCycle, application_id: int | None = None) -> str:
        url = reverse("admin:awards_awardcycle_ranking", args=[cycle.pk])
        return f"{url}#application-{application_id}" if application_id else url

    def ranking_view(self, request, cycle_id: int):
        """The applications by mean score, with the decision form on each row, and the
        panel's load: a fixed number of queries at any size."""
        cycle = self._cycle(request, cycle_id)
        ranking = selectors.cycle_ranking(cycle=cycle)
        rows = []
        for position, ranked in enumerate(ranking, start=1):
            rows.append(
                RankingRow(
                    rank=position if ranked.mean is not None else None,
                    ranked=ranked,
                    assigned=ranked.assigned,
                )
            )
        decisions = Counter(row.application.decision for row in rows)
        released = sum(1 for row in rows if row.application.decision_released_at)
        waiting = sum(
            1
            for row in rows
            if row.application.decision and not row.application.decision_released_at
        )
        return self._page(
            request,
            "ranking.html",
            cycle,
            title=f"Ranking and decisions: {cycle}",
            rows=rows,
            panel=selectors.panel_load(cycle=cycle),
            decision_choices=Decision.choices,
            awarded=decisions[Decision.AWARDED],
            waitlisted=decisions[Decision.WAITLISTED],
            declined=decisions[Decision.DECLINED],
            undecided=decisions[""],
            released=released,
            waiting=waiting,
            over_awarded=decisions[Decision.AWARDED] > cycle.awards_available,
            short_of_reviews=sum(1 for row in rows if row.assigned < cycle.reviews_per_application),
        )

    def ranking_csv_view(self, request, cycle_id: int):
        """The ranking as a spreadsheet, for the panel's meeting or the office's records."""
        cycle = self._cycle(request, cycle_id)
        header = [
            "rank",
            "candidate",
            "email",
            "institution",
            "career_stage",
            "kind",
            "title",
            "reviews_submitted",
            "reviews_assigned",
            "mean",
            "median",
            "spread",
            "std_dev",
            "decision",
            "citation",
            "sent",
            "not_granted",
        ]
        rows = []
        for position, ranked in enumerate(selectors.cycle_ranking(cycle=cycle), start=1):
            application = ranked.application
            rows.append(
                [
                    position if ranked.mean is not None else "",
                    application.candidate_name,
                    application.candidate_email,
                    application.candidate_institution,
                    application.get_candidate_career_stage_display(),
                    application.get_kind_display(),
                    application.title,
                    ranked.reviews,
                    ranked.assigned,
                    ranked.mean if ranked.mean is not None else "",
                    f"{ranked.median:.2f}" if ranked.median is not None else "",
                    ranked.spread if ranked.spread is not None else "",
                    f"{ranked.std_dev:.2f}" if ranked.std_dev is not None else "",
                    application.get_decision_display(),
                    application.citation,
                    f"{application.decision_released_at:%Y-%m-%d %H:%M}"
                    if application.decision_released_at
                    else "",
                    application.benefits_note,
                ]
            )
        slug = f"{cycle.program.slug}-{cycle.year}"
        return csv_response(f"icis-award-ranking-{slug}.csv", header, rows)

    def decision_view(self, request, cycle_id: int, application_id: int):
        """One row's form: record, change or clear the decision. Nothing is sent."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        cycle = self._cycle(request, cycle_id)
        application = get_object_or_404(
            Application.objects.only("pk", "candidate_name"), pk=application_id, cycle=cycle
        )
        form = DecisionForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request,
                f"{application.candidate_name}: choose awarded, waiting list, not selected or "
                "undecided, and a citation of at most 300 characters. Nothing changed.",
                messages.ERROR,
            )
            return redirect(self._ranking_url(cycle, application.pk))
        try:
            done = services.decision_record(
                application_id=application.pk,
                decision=form.cleaned_data["decision"],
                citation=form.cleaned_data["citation"],
                actor=request.user,
            )
        except AwardError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            decision = done.get_decision_display().lower() if done.decision else "undecided"
            self.message_user(
                request,
                f"{done.candidate_name}: {decision}. Nothing is sent until you release the "
                "decisions.",
                messages.SUCCESS,
            )
        return redirect(self._ranking_url(cycle, application.pk))

    def assign_view(self, request, cycle_id: int):
        """GET: what automatic assignment will do. POST: do it."""
        cycle = self._cycle(request, cycle_id)
        if request.method == "POST":
            result = services.reviews_assign_automatic(cycle=cycle, actor=request.user)
            if result.created:
                self.message_user(
                    request,
                    f"Assigned {result.created} review{pluralize(result.created)}. Reviewers see "
                    "them in their list of reviews.",
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, "No new assignments were needed.", messages.INFO)
            if result.short:
                shown = ", ".join(
                    f"{application.candidate_name} ({have})"
                    for application, have in result.short[:NAMES_IN_A_MESSAGE]
                )
                more = len(result.short) - NAMES_IN_A_MESSAGE
                self.message_user(
                    request,
                    f"{len(result.short)} application{pluralize(len(result.short))} "
                    f"{pluralize(len(result.short), 'has,have')} fewer than "
                    f"{cycle.reviews_per_application} reviewers (the panel is too small, or its "
                    f"members have conflicts): {shown}"
                    + (f" and {more} more." if more > 0 else ".")
                    + " Add reviewers to the panel and assign again.",
                    messages.WARNING,
                )
            return redirect(self._ranking_url(cycle))
        submitted = cycle.applications.submitted().count()
        assigned = Review.objects.filter(
            application__cycle=cycle, application__status=Application.Status.SUBMITTED
        ).count()
        return self._page(
            request,
            "assign_confirm.html",
            cycle,
            title="Assign reviewers automatically",
            submitted=submitted,
            panel_size=cycle.panel.count(),
            assigned=assigned,
            wanted=submitted * cycle.reviews_per_application,
        )

    def release_view(self, request, cycle_id: int):
        """GET: who is emailed what, and what awards grant. POST: release them all."""
        cycle = self._cycle(
            request,
            cycle_id,
            "program__grants_membership_type",
            "meeting",
            "registration_category",
        )
        if request.method == "POST":
            result = services.decisions_release(cycle=cycle, actor=request.user)
            if result.sent:
                self.message_user(
                    request,
                    f"Released {result.sent} decision{pluralize(result.sent)} "
                    f"({result.awarded} awarded): the emails are on their way and awards' "
                    "benefits are applied.",
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    "Nothing was sent: every recorded decision had been released already.",
                    messages.WARNING,
                )
            for note in result.notes:
                self.message_user(request, note, messages.WARNING)
            return redirect(self._ranking_url(cycle))
        pending = list(
            services.decisions_pending(cycle)
            .select_related("created_by")
            .order_by("candidate_name", "pk")
        )
        by_decision = {decision: [] for decision in Decision.values}
        for application in pending:
            application.cycle = cycle
            by_decision[application.decision].append(application)
        groups = []
        for decision, label in Decision.choices:
            applications = by_decision[decision]
            if not applications:
                continue
            sample = applications[0]
            to = sample.created_by.email
            subject, body_text, _ = email_render(
                template=f"awards/email/decision_{decision}",
                context=services.decision_email_context(sample, to=to),
            )
            groups.append(
                {
                    "decision": decision,
                    "label": label,
                    "applications": applications,
                    "emails": sum(
                        len(services.decision_recipients(application))
                        for application in applications
                    ),
                    "sample": sample,
                    "sample_to": to,
                    "subject": subject,
                    "body_text": body_text,
                }
            )
        awarded = by_decision[Decision.AWARDED]
        return self._page(
            request,
            "release_confirm.html",
            cycle,
            title=f"Release the decisions: {cycle}",
            groups=groups,
            pending=len(pending),
            emails=sum(group["emails"] for group in groups),
            benefits=self._benefits(cycle, awarded),
            undecided=cycle.applications.submitted().filter(decision="").count(),
            awarded_total=cycle.applications.submitted().filter(decision=Decision.AWARDED).count(),
        )

    @staticmethod
    def _benefits(cycle: AwardCycle, awarded: list[Application]) -> list[str]:
        """What releasing grants each recipient, in words, with what cannot be granted."""
        if not awarded:
            return []
        program = cycle.program
        n = len(awarded)
        benefits = [
            f"{n} recipient{pluralize(n)} added to the public list of {program.name} for "
            f"{cycle.year} (edit or hide them under Recipients)."
        ]
        if program.grants_membership_type_id:
            benefits.append(
                f"A complimentary {program.grants_membership_type.name} membership term for each."
            )
        if program.grants_registration:
            if cycle.meeting_id and cycle.registration_category_id:
                benefits.append(
                    f"A complimentary registration for {cycle.meeting.name} "
                    f"({cycle.registration_category.name}) for each; it takes a place like "
                    "any other registration."
                )
            else:
                benefits.append(
                    "No registration: the award gives one, but this call has no meeting and "
                    "registration category set. Set them on the call before releasing."
                )
        needs_account = program.grants_membership_type_id or services.grants_registration(
            awarded[0]
        )
        without = [a.candidate_name for a in awarded if a.candidate_id is None]
        if needs_account and without:
            benefits.append(
                "No account, so nothing but the listing is granted (give the rest by hand once "
                "they sign up): " + ", ".join(without) + "."
            )
        return benefits


# --- Applications (read-only) -------------------------------------------------------------------


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


class PanelMemberForm(forms.Form):
    """A choice among the call's panel, less those `exclude_for` rules out."""

    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), label="Panel member")

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = self.exclude_for(
            User.objects.filter(award_panels__cycle_id=application.cycle_id), application
        ).order_by("last_name", "first_name", "email")
        self.fields["reviewer"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email
        )

    def exclude_for(self, reviewers, application: Application):
        return reviewers


class ReviewerAssignForm(PanelMemberForm):
    def exclude_for(self, reviewers, application: Application):
        return reviewers.exclude(award_reviews__application=application)


class ConflictRecordForm(PanelMemberForm):
    reason = forms.CharField(max_length=300, help_text="For example: co-authored a paper in 2025.")

    def exclude_for(self, reviewers, application: Application):
        return reviewers.exclude(award_conflicts__application=application)


class CycleFilter(admin.SimpleListFilter):
    """The calls, named with their program, in one query (not one per call)."""

    title = "call"
    parameter_name = "cycle"
    lookup = "cycle_id"

    def lookups(self, request, model_admin):
        cycles = AwardCycle.objects.select_related("program")
        return [(str(cycle.pk), str(cycle)) for cycle in cycles]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        cycle_id = id_or_none(value)
        if cycle_id is None:
            return queryset.none()
        return queryset.filter(**{self.lookup: cycle_id})


class ReviewCycleFilter(CycleFilter):
    lookup = "application__cycle_id"


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
        ("The work", {"fields": ["title", "summary"]}),
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
        "decision",
        "citation",
        "decided_at",
        "decided_by",
        "decision_released_at",
        "benefits_note",
    ]
    inlines = [DocumentInline, RefereeRequestInline, ReviewInline, ConflictInline]

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
                self.admin_site.admin_view(self.assign_view),
                name="awards_application_assign",
            ),
            path(
                "<int:application_id>/record-conflict/",
                self.admin_site.admin_view(self.conflict_view),
                name="awards_application_conflict",
            ),
            *super().get_urls(),
        ]

    def _panel_member_action(self, request, application_id: int, form_class, invalid: str, act):
        """A POSTed choice of panel member for one application, handed to `act(application,
        reviewer, data)`, which calls a service and returns the success message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_assign_permission(request):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=application_id)
        form = form_class(request.POST, application=application)
        if not form.is_valid():
            self.message_user(request, invalid, messages.ERROR)
        else:
            try:
                done = act(application, form.cleaned_data["reviewer"], form.cleaned_data)
            except AwardError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:awards_application_change", application.pk)

    def assign_view(self, request, application_id: int):
        """Assign one panel member by hand; conflicts are refused by the service."""

        def assign(application, reviewer, data) -> str:
            services.review_assign(
                application_id=application.pk, reviewer=reviewer, actor=request.user
            )
            return f"{_name(reviewer)} will review {application.candidate_name}."

        return self._panel_member_action(
            request,
            application_id,
            ReviewerAssignForm,
            "Choose a member of the panel who is not yet reviewing this application.",
            assign,
        )

    def conflict_view(self, request, application_id: int):
        """Record a conflict staff learn of; an unsubmitted assignment is removed with it."""

        def record(application, reviewer, data) -> str:
            services.conflict_record(
                application_id=application.pk,
                reviewer=reviewer,
                reason=data["reason"],
                actor=request.user,
            )
            return (
                f"Conflict recorded: {_name(reviewer)} will not review "
                f"{application.candidate_name}."
            )

        return self._panel_member_action(
            request,
            application_id,
            ConflictRecordForm,
            "Choose a member of the panel and say what the conflict is.",
            record,
        )


def _name(user) -> str:
    return user.get_full_name() or user.email


# --- Reviews (read-only) ------------------------------------------------------------------------


class SubmittedFilter(admin.SimpleListFilter):
    title = "submitted"
    parameter_name = "submitted"

    def lookups(self, request, model_admin):
        return [("yes", "Submitted"), ("no", "Not yet")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(submitted_at__isnull=True)
        return queryset


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
