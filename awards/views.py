from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from icis.accounts.staff import acts_as_staff
from icis.core.validators import id_or_none
from icis.review.forms import ConflictForm, rubric_form_for, rubric_saved
from icis.review.registry import reviewer_sections

from . import selectors, services
from .exceptions import AwardError
from .forms import DraftForm, LetterForm, NominationForm
from .models import Application, AwardCycle


def program_list(request):
    return render(request, "awards/list.html", {"listings": selectors.programs_listing()})


def program_detail(request, slug: str):
    page = selectors.program_page(slug=slug)
    if page is None:
        raise Http404("No such award.")
    return render(request, "awards/program.html", {"page": page, "program": page.program})


def _open_cycle(slug: str) -> AwardCycle | None:
    """The award's open call; None when it has none; 404 when there is no such award."""
    cycle = selectors.cycle_open_get(slug=slug)
    if cycle is None and not selectors.program_is_shown(slug=slug):
        raise Http404("No such award.")
    return cycle


def _no_open_call(request, slug: str):
    """An old link to apply or nominate: back to the award, saying why."""
    messages.info(request, "This award has no open call at the moment.")
    return redirect("awards:program", slug=slug)


@login_required
def apply(request, slug: str):
    """Before starting: the call, what it asks for, and whether the profile meets its rules
    (with the reasons when it does not)."""
    cycle = _open_cycle(slug)
    if cycle is None:
        return _no_open_call(request, slug)
    if not cycle.takes_applications:
        return redirect("awards:nominate", slug=slug)
    problems = selectors.candidate_problems(program=cycle.program, cycle=cycle, user=request.user)
    if request.method == "POST":
        try:
            application = services.application_start(cycle=cycle, user=request.user)
        except AwardError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(application)
    return render(
        request,
        "awards/apply.html",
        {
            "cycle": cycle,
            "program": cycle.program,
            "problems": problems,
            "existing": selectors.application_own_for_cycle(cycle=cycle, user=request.user),
        },
    )


@login_required
def nominate(request, slug: str):
    cycle = _open_cycle(slug)
    if cycle is None:
        return _no_open_call(request, slug)
    if not cycle.takes_nominations:
        return redirect("awards:apply", slug=slug)
    problems = selectors.nominator_problems(user=request.user)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and not problems and form.is_valid():
        try:
            application = services.nomination_start(
                cycle=cycle, user=request.user, nominee=services.Nominee(**form.cleaned_data)
            )
        except AwardError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(application)
    return render(
        request,
        "awards/nominate.html",
        {"cycle": cycle, "program": cycle.program, "problems": problems, "form": form},
    )


@login_required
def application_list(request):
    return render(
        request,
        "awards/my_applications.html",
        {
            "applications": selectors.applications_of(user=request.user),
            "has_reviews": selectors.is_reviewer(user=request.user),
        },
    )


@login_required
def application_edit(request, application_id: int):
    """The applicant's own application: a draft to fill in and submit, or a submitted one to
    read and, before the deadline, withdraw."""
    application = selectors.application_for_owner(application_id=application_id, user=request.user)
    if application is None:
        raise Http404("No such application.")
    form = DraftForm(application=application, initial=_draft_initial(application))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("save", "submit"):
            form = DraftForm(request.POST, request.FILES, application=application)
            if form.is_valid() and _draft_save(request, application, form):
                if action == "submit":
                    return _submit(request, application, form)
                messages.success(request, "Your draft is saved.")
                return redirect(application)
            # What was saved before an error (the text, other files) shows as it now is.
            application = _reloaded(request, application)
            form.describe_uploads(application)
        else:
            _secondary_action(request, application, action)
            return redirect(application)
    return _application_page(request, application, form)


def _draft_initial(application: Application) -> dict:
    return {
        "title": application.title,
        "summary": application.summary,
        "declaration_confirmed": application.declaration_confirmed,
        "abstract": application.abstract_id,
    }


def _draft_save(request, application: Application, form: DraftForm) -> bool:
    """Text first, then each file and the referee: a rejected file never costs the text."""
    data = form.cleaned_data
    try:
        services.application_save(
            application_id=application.pk,
            user=request.user,
            title=data["title"],
            summary=data["summary"],
            declaration_confirmed=data.get("declaration_confirmed", False),
            abstract_id=data.get("abstract"),
        )
    except AwardError as exc:
        form.add_error(None, str(exc))
        return False
    for field, kind, upload in form.uploads():
        try:
            services.document_upload(
                application_id=application.pk, user=request.user, kind=kind, upload=upload
            )
        except AwardError as exc:
            form.add_error(field, str(exc))
    if data.get("referee_email"):
        try:
            services.referee_request(
                application_id=application.pk,
                user=request.user,
                name=data["referee_name"],
                email=data["referee_email"],
            )
        except AwardError as exc:
            form.add_error("referee_email", str(exc))
    return not form.errors


def _submit(request, application: Application, form: DraftForm):
    try:
        services.application_submit(application_id=application.pk, user=request.user)
    except AwardError as exc:
        form.add_error(None, str(exc))
        application = _reloaded(request, application)
        form.describe_uploads(application)
        return _application_page(request, application, form)
    messages.success(request, "Your application is submitted. We have emailed you a copy.")
    return redirect(application)


def _reloaded(request, application: Application) -> Application:
    return selectors.application_for_owner(application_id=application.pk, user=request.user)


def _secondary_action(request, application: Application, action: str) -> None:
    """Remove a file, withdraw or remind a referee, or withdraw the application."""
    try:
        if action == "remove_file":
            services.document_remove(
                application_id=application.pk,
                user=request.user,
                document_id=_int(request.POST.get("document")),
            )
            messages.success(request, "The file is removed.")
        elif action == "remove_referee":
            services.referee_remove(
                application_id=application.pk,
                user=request.user,
                referee_id=_int(request.POST.get("referee")),
            )
            messages.success(request, "The request is withdrawn; its link no longer works.")
        elif action == "remind_referee":
            referee = services.referee_remind(
                application_id=application.pk,
                user=request.user,
                referee_id=_int(request.POST.get("referee")),
            )
            messages.success(
                request,
                f"{referee.name} is reminded; their link works again until "
                f"{timezone.localtime(referee.expires_at):%d %B %Y, %H:%M %Z}.",
            )
        elif action == "withdraw":
            services.application_withdraw(application_id=application.pk, user=request.user)
            messages.success(
                request, "Your application is withdrawn. You can start again until the deadline."
            )
        else:
            messages.error(request, "That did not work; please try again.")
    except AwardError as exc:
        messages.error(request, str(exc))


def _int(value) -> int:
    return id_or_none(value) or 0


def _application_page(request, application: Application, form: DraftForm):
    return render(
        request,
        "awards/application.html",
        {
            "application": application,
            "cycle": application.cycle,
            "form": form,
            "call_open": application.cycle.is_open(),
            "letters_open": application.cycle.letters_open(),
            "missing": services.submission_problems(application) if application.is_editable else [],
        },
    )


@login_required
def document_download(request, document_id: int):
    """A private file, to those who may read it; to anyone else it does not exist."""
    document = selectors.document_for(
        document_id=document_id, user=request.user, as_staff=acts_as_staff(request)
    )
    if document is None:
        raise Http404("No such file.")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def letter_upload(request, token: str):
    """A referee's upload page: no account, one letter per link, until it expires."""
    referee = services.referee_from_token(token)
    problem = services.referee_link_problem(referee)
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            services.letter_upload(token=token, upload=form.cleaned_data["file"])
        except AwardError as exc:
            form.add_error("file", str(exc))
        else:
            return render(request, "awards/letter_thanks.html", {"referee": referee})
    return render(
        request,
        "awards/letter.html",
        {"referee": referee, "problem": problem, "form": form},
        status=410 if problem and referee else (404 if problem else 200),
    )


@login_required
def review_list(request):
    """Every review the person has to do: award applications here, and each other kind the
    review engine's registry lists (abstracts), in its own section."""
    return render(
        request,
        "awards/reviews.html",
        {
            "reviews": selectors.reviews_of(user=request.user),
            "sections": reviewer_sections(user=request.user, exclude=("award",)),
        },
    )


@login_required
def review_edit(request, review_id: int):
    """One assignment: the application and its files, the rubric, and after submitting, the
    other reviewers' scores."""
    review = selectors.review_for(review_id=review_id, user=request.user)
    if review is None:
        raise Http404("No such assignment.")
    criteria = review.application.cycle.criteria.all()
    form = rubric_form_for(review, criteria=criteria, data=request.POST or None)
    save = partial(services.review_save, review_id=review.pk, reviewer=request.user)
    if rubric_saved(request, form, save=save, refused=AwardError):
        return redirect("awards:review", review_id=review.pk)
    return render(
        request,
        "awards/review.html",
        {
            "review": review,
            "application": review.application,
            "form": form,
            "conflict_form": _conflict_form(),
            "peers": selectors.peer_reviews(review=review),
        },
    )


@login_required
@require_POST
def review_conflict(request, review_id: int):
    form = _conflict_form(request.POST)
    if not form.is_valid():
        messages.error(request, "Say briefly why you cannot review it.")
        return redirect("awards:review", review_id=review_id)
    try:
        services.conflict_declare(
            review_id=review_id, reviewer=request.user, reason=form.cleaned_data["reason"]
        )
    except AwardError as exc:
        messages.error(request, str(exc))
        return redirect("awards:reviews")
    messages.success(request, "Thank you: the application is taken off your list.")
    return redirect("awards:reviews")


def _conflict_form(data=None) -> ConflictForm:
    return ConflictForm(
        data,
        reviewed="application",
        example="a recent collaborator, a former trainee, a family member",
    )
