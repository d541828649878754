"""The reviewer's pages for abstracts (their section of /my/reviews/, one review with the
call's rubric, declaring a conflict) and the presenting author's confirmation. Blind calls
show reviewers neither authors nor affiliations."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from icis.review.forms import ConflictForm, rubric_form_for, rubric_saved
from icis.review.registry import ReviewRow, ReviewSection

from . import markup, review_selectors, review_services
from .exceptions import AbstractError
from .models_review import AbstractCriterion
from .reviewing import abstract_reviews


def reviewer_section(*, user) -> ReviewSection:
    """The abstracts on the reviewer's list: number, title and topic, never an author.
    1 query."""
    return ReviewSection(
        heading="Abstracts to review",
        rows=[
            ReviewRow(
                url=review.get_absolute_url(),
                title=f"{review.abstract.number} {markup.plain(review.abstract.title)}",
                round=review.abstract.call.meeting.name,
                detail=review.abstract.topic.name if review.abstract.topic_id else "",
                submitted=review.is_submitted,
                score=review.weighted_score,
            )
            for review in review_selectors.reviews_of(user=user)
        ],
    )


@login_required
def review_edit(request, review_id: int):
    review = review_selectors.review_for(review_id=review_id, user=request.user)
    if review is None:
        raise Http404("No such assignment.")
    abstract = review.abstract
    criteria = AbstractCriterion.objects.filter(call_id=abstract.call_id)
    form = rubric_form_for(review, criteria=criteria, data=request.POST or None)
    save = partial(review_services.review_save, review_id=review.pk, reviewer=request.user)
    if rubric_saved(request, form, save=save, refused=AbstractError):
        return redirect("abstracts:review", review_id=review.pk)
    return render(
        request,
        "abstracts/review.html",
        {
            "review": review,
            "abstract": abstract,
            "blind": abstract_reviews.is_blind(abstract),
            "form": form,
            "conflict_form": _conflict_form(),
            "peers": review_selectors.peer_reviews(review=review),
            "scores": list(review.scores.select_related("criterion")),
        },
    )


@login_required
@require_POST
def review_conflict(request, review_id: int):
    form = _conflict_form(request.POST)
    if not form.is_valid():
        messages.error(request, "Say briefly why you cannot review it.")
        return redirect("abstracts:review", review_id=review_id)
    try:
        review_services.conflict_declare(
            review_id=review_id, reviewer=request.user, reason=form.cleaned_data["reason"]
        )
    except AbstractError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Thank you: the abstract is taken off your list.")
    return redirect(reverse("awards:reviews"))


@login_required
@require_POST
def presenter_confirm(request, abstract_id: int):
    try:
        abstract = review_services.presenter_confirm(abstract_id=abstract_id, user=request.user)
    except AbstractError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Thank you: you will present {abstract.number}.")
    return redirect("abstracts:mine")


def _conflict_form(data=None) -> ConflictForm:
    return ConflictForm(
        data,
        reviewed="abstract",
        example="you know the work, a recent collaborator, a former trainee",
    )
