"""The attendee side of the iPoster gallery: the gallery, a poster's page with its questions,
its files, best-poster voting and the staff's engagement counts. Every view goes through
`attendees_only` (meetings/virtual/access.py)."""

import mimetypes
import posixpath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from icis.core.privatecache import private_page

from ..virtual.access import attendees_only, refused
from ..virtual.hosts import render_with_player
from . import qa_selectors as selectors
from . import qa_services as services
from .qa_exceptions import PosterQAError
from .qa_forms import AnswerForm, GalleryFilterForm, HideQuestionForm, QuestionForm, VoteForm


@private_page
@attendees_only
def gallery(request, access):
    meeting = access.meeting
    topics = selectors.gallery_topics(meeting=meeting)
    form = GalleryFilterForm(request.GET or None, topics=topics)
    filters = form.filters()
    posters = selectors.gallery_posters(meeting=meeting, filters=filters)
    return render(
        request,
        "posters/gallery.html",
        {
            "meeting": meeting,
            "access": access,
            "section": "posters",
            "form": form,
            "posters": posters,
            "filtered": bool(filters),
        },
    )


def _poster_or_404(access, poster_id: int):
    poster = selectors.poster_for_page(meeting=access.meeting, poster_id=poster_id)
    if poster is None:
        raise Http404("No such poster.")
    return poster


def _question_or_404(poster, form):
    question = selectors.poster_question(poster=poster, question_id=form.cleaned_data["question"])
    if question is None:
        raise Http404("No such question.")
    return question


@attendees_only
def detail(request, access, poster_id: int):
    poster = _poster_or_404(access, poster_id)
    is_presenter = request.user.is_authenticated and poster.presenter_id == request.user.pk
    ask_form = QuestionForm(initial={}) if access.attendee else None
    answer_errors: dict[int, AnswerForm] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "ask" and access.attendee:
            ask_form = QuestionForm(request.POST)
            if ask_form.is_valid():
                try:
                    services.question_ask(
                        poster=poster,
                        asker=request.user,
                        text=ask_form.cleaned_data["text"],
                        token=ask_form.cleaned_data["token"],
                    )
                except PosterQAError as exc:
                    ask_form.add_error("text", str(exc))
                else:
                    return redirect(_detail_url(access, poster) + "#questions")
        elif action == "answer" and is_presenter:
            form = AnswerForm(request.POST)
            if form.is_valid():
                question = _question_or_404(poster, form)
                services.question_answer(
                    question=question, presenter=request.user, text=form.cleaned_data["answer"]
                )
                return redirect(_detail_url(access, poster) + f"#question-{question.pk}")
            answer_errors[_int(request.POST.get("question"))] = form
        elif action == "hide" and access.staff:
            form = HideQuestionForm(request.POST)
            if not form.is_valid():
                raise Http404("No such question.")
            services.question_hide(question=_question_or_404(poster, form), actor=request.user)
            return redirect(_detail_url(access, poster) + "#questions")
        else:
            raise PermissionDenied("Only the presenter answers, and only staff hide questions.")
    elif access.attendee:
        services.poster_open(poster=poster, user=request.user)
    questions = selectors.poster_questions(poster=poster, include_hidden=access.staff)
    for question in questions:
        question.answer_form = answer_errors.get(question.pk) or AnswerForm(
            initial={"question": question.pk, "answer": question.answer},
            auto_id=f"id_answer_{question.pk}_%s",
        )
    return render_with_player(
        request,
        "posters/poster.html",
        {
            "meeting": access.meeting,
            "access": access,
            "section": "posters",
            "poster": poster,
            "questions": questions,
            "ask_form": ask_form,
            "is_presenter": is_presenter,
            "preview_url": _preview_url(access, poster),
            "now": timezone.now(),
        },
        url=poster.narration_url,
        embedded="narration_embedded",
    )


def _int(value) -> int:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else 0


def _detail_url(access, poster) -> str:
    return reverse("posters:detail", args=[access.meeting.slug, poster.pk])


def _extension(name: str) -> str:
    return posixpath.splitext(name)[1].lstrip(".").lower()


def _preview_url(access, poster) -> str:
    if not poster.preview:
        return ""
    return reverse(
        "posters:preview", args=[access.meeting.slug, poster.pk, _extension(poster.preview.name)]
    )


def _private_file(field, *, download_name: str = ""):
    if not field:
        raise Http404("No such file.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=bool(download_name),
        filename=download_name or None,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@attendees_only
def preview(request, access, poster_id: int, ext: str):
    poster = _poster_or_404(access, poster_id)
    if not poster.preview or _extension(poster.preview.name) != ext:
        raise Http404("No such file.")
    return _private_file(poster.preview)


@attendees_only
def thumbnail(request, access, poster_id: int):
    return _private_file(_poster_or_404(access, poster_id).thumbnail)


@attendees_only
def poster_file(request, access, poster_id: int):
    poster = _poster_or_404(access, poster_id)
    name = poster.file_name or f"poster-{poster.pk}.{_extension(poster.file.name) or 'pdf'}"
    return _private_file(poster.file, download_name=name)


@attendees_only
def vote(request, access):
    meeting = access.meeting
    now = timezone.now()
    categories = selectors.vote_categories(meeting=meeting)
    shown = selectors.gallery_posters(meeting=meeting, filters={})
    posted: dict[int, VoteForm] = {}
    if request.method == "POST":
        if not access.attendee:
            raise PermissionDenied("Only attendees vote.")
        chosen = {c.pk: c for c in categories}.get(_int(request.POST.get("category")))
        if chosen is None:
            raise Http404("No such category.")
        form = VoteForm(
            request.POST,
            posters=selectors.category_posters(chosen, shown),
            auto_id=f"id_c{chosen.pk}_%s",
        )
        if form.is_valid():
            poster = next(p for p in shown if p.pk == form.cleaned_data["poster"])
            try:
                services.vote_cast(category=chosen, voter=request.user, poster=poster, now=now)
            except PosterQAError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(reverse("posters:vote", args=[meeting.slug]) + f"#c{chosen.pk}")
        posted[chosen.pk] = form
    mine = selectors.votes_of(meeting=meeting, user=request.user) if access.attendee else {}
    counts = selectors.vote_counts(meeting=meeting)
    by_id = {p.pk: p for p in shown}
    rows = []
    for category in categories:
        competing = selectors.category_posters(category, shown)
        is_open = services.category_open(category, now)
        form = posted.get(category.pk)
        if form is None and access.attendee and is_open and category.pk not in mine:
            form = VoteForm(
                initial={"category": category.pk},
                posters=competing,
                auto_id=f"id_c{category.pk}_%s",
            )
        results = None
        if selectors.results_visible(category, staff=access.staff):
            tally = counts.get(category.pk, {})
            results = sorted(((p, tally.get(p.pk, 0)) for p in competing), key=lambda row: -row[1])
        rows.append(
            {
                "category": category,
                "open": is_open,
                "form": form,
                "my_vote": by_id.get(mine.get(category.pk)),
                "voted": category.pk in mine,
                "results": results,
            }
        )
    return render(
        request,
        "posters/vote.html",
        {"meeting": meeting, "access": access, "section": "posters", "rows": rows},
        status=200,
    )


@attendees_only
def engagement(request, access):
    """Staff only: per poster, how often it was opened and by how many attendees, its questions
    and its votes. Counts, never names."""
    if not access.staff:
        return refused(request, access.meeting)
    return render(
        request,
        "posters/engagement.html",
        {
            "meeting": access.meeting,
            "access": access,
            "section": "posters",
            "posters": selectors.engagement(meeting=access.meeting),
        },
    )
