"""Staff pages of a call's review: the ranking per topic (and its spreadsheet) with a decision
form on each abstract, assigning reviewers automatically or by hand, recording a conflict,
and releasing the decisions.

Each view takes the request and the ModelAdmin that serves it; the ModelAdmin's `get_urls`
wraps them in `admin_site.admin_view`, so staff sign-in, two-factor and permissions apply."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse

from icis.core.admin import staff_page
from icis.core.spreadsheets import csv_response
from icis.mail.services import email_render

from . import markup, review_selectors, review_services
from .exceptions import AbstractError
from .models import Abstract, AbstractCall
from .models_review import AbstractPanelMember
from .review_forms import DecisionForm, ReviewerForm
from .reviewing import decision_email_context

Decision = Abstract.Decision
NAMES_IN_A_MESSAGE = 20


def _call(request, model_admin, call_id: int) -> AbstractCall:
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    return get_object_or_404(AbstractCall.objects.select_related("meeting"), pk=call_id)


def _page(request, model_admin, template: str, call: AbstractCall, **context):
    return staff_page(
        request, model_admin, f"admin/abstracts/abstractcall/{template}", call=call, **context
    )


def _ranking_url(call: AbstractCall, abstract_id: int | None = None) -> str:
    url = reverse("admin:abstracts_abstractcall_ranking", args=[call.pk])
    return f"{url}#abstract-{abstract_id}" if abstract_id else url


def ranking_view(request, model_admin, call_id: int):
    """Per topic, the abstracts by mean score with their spread, each with its decision
    form, its presenting author's registration, and the panel's load: a fixed number of
    queries at any size."""
    call = _call(request, model_admin, call_id)
    sessions = review_selectors.sessions_for(call=call)
    panel = review_selectors.panel_load(call=call)
    topics = []
    for topic, ranked in review_selectors.ranking_by_topic(call=call):
        rows = [
            {
                "rank": position if row.mean is not None else None,
                "ranked": row,
                "abstract": row.item,
                "title": markup.plain(row.item.title),
                "form": DecisionForm(
                    initial={
                        "decision": row.item.decision,
                        "session": row.item.oral_session_id,
                    },
                    sessions=sessions,
                    prefix=f"a{row.item.pk}",
                ),
                "is_final": bool(row.item.decision_released_at)
                and row.item.decision != Decision.WAITLIST,
            }
            for position, row in enumerate(ranked, start=1)
        ]
        topics.append({"topic": topic, "rows": rows})
    counts = review_selectors.decision_counts(call=call)
    return _page(
        request,
        model_admin,
        "ranking.html",
        call,
        title=f"Abstract ranking and decisions: {call.meeting.name}",
        topics=topics,
        panel=panel,
        assign_form=ReviewerForm(panel=panel),
        counts=[(label, counts[value]) for value, label in Decision.choices]
        + [("Undecided", counts[""])],
        pending=review_selectors.pending_count(call=call),
    )


def ranking_csv_view(request, model_admin, call_id: int):
    """The ranking per topic as a spreadsheet (every cell safe from formulas)."""
    call = _call(request, model_admin, call_id)
    header = [
        "topic",
        "rank_in_topic",
        "number",
        "title",
        "presenting_author",
        "presenter_registered",
        "preference",
        "reviews_submitted",
        "reviews_assigned",
        "mean",
        "median",
        "spread",
        "std_dev",
        "decision",
        "board",
        "sent",
    ]
    rows = []
    for topic, ranked in review_selectors.ranking_by_topic(call=call):
        for position, row in enumerate(ranked, start=1):
            abstract = row.item
            rows.append(
                [
                    topic.name if topic else "",
                    position if row.mean is not None else "",
                    abstract.number,
                    markup.plain(abstract.title),
                    abstract.presenter_name or "",
                    "yes" if abstract.presenter_registered else "no",
                    abstract.get_preference_display(),
                    row.reviews,
                    row.assigned,
                    row.mean if row.mean is not None else "",
                    f"{row.median:.2f}" if row.median is not None else "",
                    row.spread if row.spread is not None else "",
                    f"{row.std_dev:.2f}" if row.std_dev is not None else "",
                    abstract.get_decision_display(),
                    abstract.board_number,
                    f"{abstract.decision_released_at:%Y-%m-%d %H:%M}"
                    if abstract.decision_released_at
                    else "",
                ]
            )
    return csv_response(f"icis-abstract-ranking-{call.meeting.slug}.csv", header, rows)


def decision_view(request, model_admin, call_id: int, abstract_id: int):
    """One abstract's decision recorded, changed or cleared; nothing is sent. An accepted
    abstract whose presenting author is not registered is named in a warning."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    call = _call(request, model_admin, call_id)
    abstract = get_object_or_404(Abstract.objects.only("pk", "call_id"), pk=abstract_id, call=call)
    form = DecisionForm(
        request.POST, sessions=review_selectors.sessions_for(call=call), prefix=f"a{abstract.pk}"
    )
    if not form.is_valid():
        model_admin.message_user(
            request,
            f"{abstract.number}: choose a decision and a session. Nothing changed.",
            messages.ERROR,
        )
        return redirect(_ranking_url(call, abstract.pk))
    try:
        done = review_services.decision_record(
            abstract_id=abstract.pk,
            decision=form.cleaned_data["decision"],
            session_id=form.cleaned_data["session"],
            actor=request.user,
        )
    except AbstractError as exc:
        model_admin.message_user(request, f"{abstract.number}: {exc}", messages.ERROR)
        return redirect(_ranking_url(call, abstract.pk))
    label = done.get_decision_display() if done.decision else "Undecided"
    model_admin.message_user(
        request,
        f"{done.number}: {label}. Nothing is sent until you release the decisions.",
        messages.SUCCESS,
    )
    if done.decision in (Decision.ORAL, Decision.POSTER):
        (checked,) = review_selectors.with_presenter(Abstract.objects.filter(pk=done.pk))
        if not checked.presenter_registered:
            model_admin.message_user(
                request,
                f"{done.number}: the presenting author ({checked.presenter_name or 'none named'})"
                " is not registered for the meeting"
                + (
                    f"; they must be by {call.presenter_registered_by:%d %B %Y}."
                    if call.presenter_registered_by
                    else "."
                ),
                messages.WARNING,
            )
    return redirect(_ranking_url(call, abstract.pk))


def assign_view(request, model_admin, call_id: int):
    """GET: what automatic assignment will do. POST: do it."""
    call = _call(request, model_admin, call_id)
    if request.method == "POST":
        result = review_services.reviews_assign_automatic(call=call, actor=request.user)
        if result.created:
            model_admin.message_user(
                request,
                f"Assigned {result.created} review{pluralize(result.created)}.",
                messages.SUCCESS,
            )
        else:
            model_admin.message_user(request, "No new assignments were needed.", messages.INFO)
        if result.short:
            shown = ", ".join(
                f"{abstract.number} ({have})"
                for abstract, have in result.short[:NAMES_IN_A_MESSAGE]
            )
            model_admin.message_user(
                request,
                f"{len(result.short)} abstract{pluralize(len(result.short))} "
                f"{pluralize(len(result.short), 'has,have')} fewer than "
                f"{call.reviews_per_abstract} reviewers (too few reviewers for the topic, or "
                f"conflicts): {shown}. Add reviewers to the panel and assign again.",
                messages.WARNING,
            )
        return redirect(_ranking_url(call))
    counts = review_selectors.assignment_counts(call=call)
    return _page(
        request,
        model_admin,
        "assign_confirm.html",
        call,
        title="Assign abstract reviewers automatically",
        submitted=counts.submitted,
        panel_size=counts.panel_size,
        assigned=counts.assigned,
        wanted=counts.submitted * call.reviews_per_abstract,
    )


def release_view(request, model_admin, call_id: int):
    """GET: how many decisions of each kind go out. POST: release them all."""
    call = _call(request, model_admin, call_id)
    if request.method == "POST":
        result = review_services.decisions_release(call=call, actor=request.user)
        if result.sent:
            model_admin.message_user(
                request,
                f"Released {result.sent} decision{pluralize(result.sent)}: talks and poster "
                "boards are made and the emails are on their way.",
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
        return redirect(_ranking_url(call))
    counts = review_selectors.decision_counts(call=call)
    return _page(
        request,
        model_admin,
        "release_confirm.html",
        call,
        title=f"Release the abstract decisions: {call.meeting.name}",
        pending=review_selectors.pending_count(call=call),
        counts=[(label, counts[value]) for value, label in Decision.choices],
        undecided=counts[""],
        samples=_samples(call),
    )


def _samples(call: AbstractCall) -> list[dict]:
    """One email of each decision about to go, as its author will read it (a poster's board
    is given on release, so the sample has none yet)."""
    samples = []
    for decision, label in Decision.choices:
        sample = (
            review_selectors.pending(call=call)
            .filter(decision=decision)
            .select_related("submitter", "oral_session")
            .order_by("pk")
            .first()
        )
        if sample is None:
            continue
        sample.call = call
        subject, body_text, _ = email_render(
            template="abstracts/email/decision", context=decision_email_context(sample)
        )
        samples.append(
            {"label": label, "to": sample.submitter.email, "subject": subject, "body": body_text}
        )
    return samples


def _by_hand(request, model_admin, call_id: int, abstract_id: int, act):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    call = _call(request, model_admin, call_id)
    abstract = get_object_or_404(Abstract.objects.only("pk", "call_id"), pk=abstract_id, call=call)
    panel = AbstractPanelMember.objects.filter(call=call).select_related("reviewer")
    form = ReviewerForm(request.POST, panel=panel, prefix=f"r{abstract.pk}")
    if not form.is_valid():
        model_admin.message_user(request, "Choose a reviewer on the panel.", messages.ERROR)
        return redirect(_ranking_url(call, abstract.pk))
    reviewer = get_user_model().objects.get(pk=form.cleaned_data["reviewer"])
    try:
        message = act(abstract, reviewer, form.cleaned_data)
    except AbstractError as exc:
        model_admin.message_user(request, str(exc), messages.ERROR)
    else:
        model_admin.message_user(request, message, messages.SUCCESS)
    return redirect(_ranking_url(call, abstract.pk))


def abstract_assign_view(request, model_admin, call_id: int, abstract_id: int):
    def assign(abstract, reviewer, data) -> str:
        review_services.review_assign(
            abstract_id=abstract.pk, reviewer=reviewer, actor=request.user
        )
        return f"{abstract.number} is assigned to {reviewer.get_full_name() or reviewer.email}."

    return _by_hand(request, model_admin, call_id, abstract_id, assign)


def abstract_conflict_view(request, model_admin, call_id: int, abstract_id: int):
    def record(abstract, reviewer, data) -> str:
        review_services.conflict_record(
            abstract_id=abstract.pk, reviewer=reviewer, reason=data["reason"], actor=request.user
        )
        name = reviewer.get_full_name() or reviewer.email
        return f"Conflict recorded: {name} will not review {abstract.number}."

    return _by_hand(request, model_admin, call_id, abstract_id, record)
