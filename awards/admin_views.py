"""The awards' own staff pages: the ranking (and its spreadsheet), a decision, automatic
assignment and the release of the decisions on a call; assigning a reviewer and recording a
conflict on an application.

Each view takes the request and the ModelAdmin that serves it; the ModelAdmin's `get_urls`
wraps them in `admin_site.admin_view`, so staff sign-in, two-factor and permissions apply."""

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse

from icis.core.admin import staff_page
from icis.core.spreadsheets import csv_response
from icis.mail.services import email_render

from . import selectors, services
from .admin_forms import ConflictRecordForm, DecisionForm, ReviewerAssignForm
from .exceptions import AwardError
from .models import Application, AwardCycle

Decision = Application.Decision

# Listed in a message at most this many names; the ranking page shows the rest.
NAMES_IN_A_MESSAGE = 20


@dataclass
class RankingRow:
    rank: int | None
    ranked: selectors.RankedApplication
    assigned: int
    abstract_score: object = None  # the abstract's review score, on a call that asks for one

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


# --- A call's judging pages ----------------------------------------------------------------------


def _cycle(request, model_admin, cycle_id: int, *related: str) -> AwardCycle:
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    return get_object_or_404(AwardCycle.objects.select_related("program", *related), pk=cycle_id)


def _page(request, model_admin, template: str, cycle: AwardCycle, **context):
    return staff_page(
        request, model_admin, f"admin/awards/awardcycle/{template}", cycle=cycle, **context
    )


def _ranking_url(cycle: AwardCycle, application_id: int | None = None) -> str:
    url = reverse("admin:awards_awardcycle_ranking", args=[cycle.pk])
    return f"{url}#application-{application_id}" if application_id else url


def ranking_view(request, model_admin, cycle_id: int):
    """The applications by mean score, with the decision form on each row, and the
    panel's load: a fixed number of queries at any size."""
    cycle = _cycle(request, model_admin, cycle_id)
    ranking = selectors.cycle_ranking(cycle=cycle)
    scores = selectors.abstract_scores_for(cycle=cycle, ranking=ranking)
    rows = []
    for position, ranked in enumerate(ranking, start=1):
        rows.append(
            RankingRow(
                rank=position if ranked.mean is not None else None,
                ranked=ranked,
                assigned=ranked.assigned,
                abstract_score=scores.get(ranked.application.abstract_id),
            )
        )
    decisions = Counter(row.application.decision for row in rows)
    released = sum(1 for row in rows if row.application.decision_released_at)
    waiting = sum(
        1 for row in rows if row.application.decision and not row.application.decision_released_at
    )
    return _page(
        request,
        model_admin,
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


def ranking_csv_view(request, model_admin, cycle_id: int):
    """The ranking as a spreadsheet, for the panel's meeting or the office's records."""
    cycle = _cycle(request, model_admin, cycle_id)
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


def decision_view(request, model_admin, cycle_id: int, application_id: int):
    """One row's form: record, change or clear the decision. Nothing is sent."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    cycle = _cycle(request, model_admin, cycle_id)
    application = get_object_or_404(
        Application.objects.only("pk", "candidate_name"), pk=application_id, cycle=cycle
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        model_admin.message_user(
            request,
            f"{application.candidate_name}: choose awarded, waiting list, not selected or "
            "undecided, and a citation of at most 300 characters. Nothing changed.",
            messages.ERROR,
        )
        return redirect(_ranking_url(cycle, application.pk))
    try:
        done = services.decision_record(
            application_id=application.pk,
            decision=form.cleaned_data["decision"],
            citation=form.cleaned_data["citation"],
            actor=request.user,
        )
    except AwardError as exc:
        model_admin.message_user(request, str(exc), messages.ERROR)
    else:
        decision = done.get_decision_display().lower() if done.decision else "undecided"
        model_admin.message_user(
            request,
            f"{done.candidate_name}: {decision}. Nothing is sent until you release the decisions.",
            messages.SUCCESS,
        )
    return redirect(_ranking_url(cycle, application.pk))


def assign_view(request, model_admin, cycle_id: int):
    """GET: what automatic assignment will do. POST: do it."""
    cycle = _cycle(request, model_admin, cycle_id)
    if request.method == "POST":
        result = services.reviews_assign_automatic(cycle=cycle, actor=request.user)
        if result.created:
            model_admin.message_user(
                request,
                f"Assigned {result.created} review{pluralize(result.created)}. Reviewers see "
                "them in their list of reviews.",
                messages.SUCCESS,
            )
        else:
            model_admin.message_user(request, "No new assignments were needed.", messages.INFO)
        if result.short:
            shown = ", ".join(
                f"{application.candidate_name} ({have})"
                for application, have in result.short[:NAMES_IN_A_MESSAGE]
            )
            more = len(result.short) - NAMES_IN_A_MESSAGE
            model_admin.message_user(
                request,
                f"{len(result.short)} application{pluralize(len(result.short))} "
                f"{pluralize(len(result.short), 'has,have')} fewer than "
                f"{cycle.reviews_per_application} reviewers (the panel is too small, or its "
                f"members have conflicts): {shown}"
                + (f" and {more} more." if more > 0 else ".")
                + " Add reviewers to the panel and assign again.",
                messages.WARNING,
            )
        return redirect(_ranking_url(cycle))
    counts = selectors.assignment_counts(cycle=cycle)
    return _page(
        request,
        model_admin,
        "assign_confirm.html",
        cycle,
        title="Assign reviewers automatically",
        submitted=counts.submitted,
        panel_size=counts.panel_size,
        assigned=counts.assigned,
        wanted=counts.submitted * cycle.reviews_per_application,
    )


def release_view(request, model_admin, cycle_id: int):
    """GET: who is emailed what, and what awards grant. POST: release them all."""
    cycle = _cycle(
        request,
        model_admin,
        cycle_id,
        "program__grants_membership_type",
        "meeting",
        "registration_category",
    )
    if request.method == "POST":
        result = services.decisions_release(cycle=cycle, actor=request.user)
        if result.sent:
            model_admin.message_user(
                request,
                f"Released {result.sent} decision{pluralize(result.sent)} "
                f"({result.awarded} awarded): the emails are on their way and awards' "
                "benefits are applied.",
                messages.SUCCESS,
            )
        else:
            model_admin.message_user(
                request,
                "Nothing was sent: every recorded decision had been released already.",
                messages.WARNING,
            )
        for note in result.notes:
            model_admin.message_user(request, note, messages.WARNING)
        return redirect(_ranking_url(cycle))
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
                    len(services.decision_recipients(application)) for application in applications
                ),
                "sample": sample,
                "sample_to": to,
                "subject": subject,
                "body_text": body_text,
            }
        )
    undecided, awarded_total = selectors.release_counts(cycle=cycle)
    awarded = by_decision[Decision.AWARDED]
    return _page(
        request,
        model_admin,
        "release_confirm.html",
        cycle,
        title=f"Release the decisions: {cycle}",
        groups=groups,
        pending=len(pending),
        emails=sum(group["emails"] for group in groups),
        benefits=_benefits(cycle, awarded),
        undecided=undecided,
        awarded_total=awarded_total,
    )


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
    needs_account = program.grants_membership_type_id or services.grants_registration(awarded[0])
    without = [a.candidate_name for a in awarded if a.candidate_id is None]
    if needs_account and without:
        benefits.append(
            "No account, so nothing but the listing is granted (give the rest by hand once "
            "they sign up): " + ", ".join(without) + "."
        )
    return benefits


# --- An application's reviewers ------------------------------------------------------------------


def _panel_member_action(request, model_admin, application_id: int, form_class, invalid: str, act):
    """A POSTed choice of panel member for one application, handed to `act(application,
    reviewer, data)`, which calls a service and returns the success message."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_assign_permission(request):
        raise PermissionDenied
    application = get_object_or_404(Application, pk=application_id)
    form = form_class(request.POST, application=application)
    if not form.is_valid():
        model_admin.message_user(request, invalid, messages.ERROR)
    else:
        try:
            done = act(application, form.cleaned_data["reviewer"], form.cleaned_data)
        except AwardError as exc:
            model_admin.message_user(request, str(exc), messages.ERROR)
        else:
            model_admin.message_user(request, done, messages.SUCCESS)
    return redirect("admin:awards_application_change", application.pk)


def application_assign_view(request, model_admin, application_id: int):
    """Assign one panel member by hand; conflicts are refused by the service."""

    def assign(application, reviewer, data) -> str:
        services.review_assign(application_id=application.pk, reviewer=reviewer, actor=request.user)
        return f"{_name(reviewer)} will review {application.candidate_name}."

    return _panel_member_action(
        request,
        model_admin,
        application_id,
        ReviewerAssignForm,
        "Choose a member of the panel who is not yet reviewing this application.",
        assign,
    )


def application_conflict_view(request, model_admin, application_id: int):
    """Record a conflict staff learn of; an unsubmitted assignment is removed with it."""

    def record(application, reviewer, data) -> str:
        services.conflict_record(
            application_id=application.pk,
            reviewer=reviewer,
            reason=data["reason"],
            actor=request.user,
        )
        return f"Conflict recorded: {_name(reviewer)} will not review {application.candidate_name}."

    return _panel_member_action(
        request,
        model_admin,
        application_id,
        ConflictRecordForm,
        "Choose a member of the panel and say what the conflict is.",
        record,
    )


def _name(user) -> str:
    return user.get_full_name() or user.email


def enter_abstracts_view(request, model_admin, cycle_id: int):
    """GET: who entering the meeting's abstracts concerns. POST: enter them."""
    cycle = _cycle(request, model_admin, cycle_id, "meeting")
    if not (cycle.enter_trainee_abstracts and cycle.abstract_required):
        model_admin.message_user(
            request, "This call does not enter abstracts: see its Abstract setting.", messages.ERROR
        )
        return redirect(_ranking_url(cycle))
    if request.method == "POST":
        result = services.trainee_abstracts_enter(cycle=cycle, actor=request.user)
        model_admin.message_user(
            request,
            f"Entered {result.entered} application{pluralize(result.entered)} from abstracts; "
            f"{result.already} had applied already and {result.not_eligible} "
            f"{pluralize(result.not_eligible, 'is,are')} not eligible.",
            messages.SUCCESS,
        )
        return redirect(_ranking_url(cycle))
    return _page(
        request,
        model_admin,
        "enter_abstracts_confirm.html",
        cycle,
        title="Enter trainees' abstracts",
        presenters=selectors.abstract_presenters_count(cycle=cycle),
    )
