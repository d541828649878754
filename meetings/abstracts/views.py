"""The call's page, submitting, editing and withdrawing, and one's own abstracts. Each view
validates the form, calls one service and shows its refusals in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from meetings import selectors as meeting_selectors

from . import publishing, selectors, services
from .exceptions import AbstractError, Refused
from .forms import Submission, initial_from
from .models import Abstract, AbstractCall


def _call_or_404(slug: str) -> AbstractCall:
    call = selectors.call_for_meeting(slug=slug)
    if call is None:
        raise Http404("This meeting has no call for abstracts.")
    return call


def call_page(request, slug: str):
    """The call; a meeting without one says so (its tabs link here)."""
    call = selectors.call_for_meeting(slug=slug)
    if call is None:
        meeting = meeting_selectors.meeting_get(slug=slug)
        if meeting is None:
            raise Http404("No such meeting.")
        return render(
            request, "abstracts/no_call.html", {"meeting": meeting, "section": "abstracts"}
        )
    now = timezone.now()
    window = call.window(now)
    # Decisions are released after the call has closed: only then is it worth asking.
    closed = window is None and call.has_opened(now)
    return render(
        request,
        "abstracts/call.html",
        {
            "call": call,
            "meeting": call.meeting,
            "section": "abstracts",
            "window": window,
            "has_opened": call.has_opened(now),
            "own": selectors.abstracts_in_call_of(call=call, user=request.user),
            "has_accepted": closed and publishing.has_accepted(call=call),
        },
    )


def _action(request) -> str:
    action = request.POST.get("action", "")
    return action if action in ("save", "submit", "add_author", "add_affiliation") else "save"


def _form_page(request, call: AbstractCall, abstract: Abstract | None, submission: Submission):
    now = timezone.now()
    return render(
        request,
        "abstracts/edit.html",
        {
            "call": call,
            "meeting": call.meeting,
            "section": "abstracts",
            "abstract": abstract,
            "submission": submission,
            "form": submission.form,
            "deadline": abstract.deadline(now) if abstract else call.next_close(now),
            "editable": abstract.is_editable(now) if abstract else call.is_open(now),
            "sent": submission.form.is_bound,
        },
    )


def _handle_post(request, call: AbstractCall, abstract: Abstract | None):
    """The form sent: add a row, save the draft, or submit. Returns a response."""
    action = _action(request)
    submission = Submission(
        call=call,
        data=request.POST,
        more_authors=action == "add_author",
        more_affiliations=action == "add_affiliation",
    )
    if action in ("add_author", "add_affiliation") or not submission.is_valid():
        return _form_page(request, call, abstract, submission)
    try:
        saved = services.abstract_save(
            call_id=call.pk,
            user=request.user,
            content=submission.content(),
            abstract_id=abstract.pk if abstract else None,
            submit=action == "submit",
        )
    except Refused as exc:
        submission.problems_show(exc.problems)
        return _form_page(request, call, abstract, submission)
    except AbstractError as exc:
        submission.form.add_error(None, str(exc))
        return _form_page(request, call, abstract, submission)
    if saved.status == Abstract.Status.SUBMITTED and action == "submit":
        messages.success(
            request, f"Abstract {saved.number} is submitted. We have emailed you a copy."
        )
        return redirect("abstracts:mine")
    messages.success(request, "Saved.")
    over = services.body_limit_problem(call, saved.body)
    if over:
        messages.warning(request, over)
    return redirect(saved)


@login_required
def submit(request, slug: str):
    call = _call_or_404(slug)
    if request.method == "POST":
        return _handle_post(request, call, None)
    if not call.is_open():
        messages.info(request, "The call for abstracts is not open.")
        return redirect(call)
    me = request.user
    first = {"name": me.get_full_name(), "email": me.email, "is_presenting": True}
    return _form_page(request, call, None, Submission(call=call, authors=[first]))


@login_required
def edit(request, slug: str, abstract_id: int):
    call = _call_or_404(slug)
    abstract = selectors.abstract_for_submitter(
        abstract_id=abstract_id, user=request.user, call=call
    )
    if abstract is None:
        raise Http404("No such abstract.")
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            services.abstract_withdraw(abstract_id=abstract.pk, user=request.user)
        except AbstractError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Abstract {abstract.number} is withdrawn.")
        return redirect("abstracts:mine")
    if request.method == "POST":
        return _handle_post(request, call, abstract)
    initial, authors, affiliations = initial_from(abstract)
    submission = Submission(call=call, initial=initial, authors=authors, affiliations=affiliations)
    return _form_page(request, call, abstract, submission)


@login_required
def mine(request):
    return render(
        request, "abstracts/mine.html", {"abstracts": selectors.abstracts_of(user=request.user)}
    )
