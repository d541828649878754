"""The reads of the attendee side of the iPoster gallery; each a fixed number of queries."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .engagement_models import (
    PosterOpenDay,
    PosterQuestion,
    PosterReader,
    PosterVote,
    VoteCategory,
)
from .models import Poster, PresenterSlot

GALLERY_FIELDS = [
    "pk",
    "meeting_id",
    "title",
    "topic",
    "board_number",
    "presenter_name",
    "presenter_affiliation",
    "thumbnail",
    "preview_state",
]


def gallery_topics(*, meeting) -> list[str]:
    return list(
        Poster.objects.filter(meeting=meeting, is_shown=True)
        .exclude(topic="")
        .order_by("topic")
        .values_list("topic", flat=True)
        .distinct()
    )


def gallery_posters(*, meeting, filters: dict) -> list[Poster]:
    """The shown posters of a meeting matching the gallery's filters, in board order."""
    posters = Poster.objects.filter(meeting=meeting, is_shown=True).only(*GALLERY_FIELDS)
    if filters.get("topic"):
        posters = posters.filter(topic=filters["topic"])
    if filters.get("board"):
        posters = posters.filter(board_number__icontains=filters["board"])
    if filters.get("presenter"):
        posters = posters.filter(presenter_name__icontains=filters["presenter"])
    for word in filters.get("q", "").split()[:10]:
        posters = posters.filter(
            Q(title__icontains=word)
            | Q(presenter_name__icontains=word)
            | Q(presenter_affiliation__icontains=word)
            | Q(topic__icontains=word)
        )
    return list(posters.order_by("topic", "board_number", "title"))


def poster_for_page(*, meeting, poster_id: int) -> Poster | None:
    return (
        Poster.objects.filter(meeting=meeting, pk=poster_id, is_shown=True)
        .select_related("abstract", "meeting")
        .prefetch_related(Prefetch("slots", queryset=PresenterSlot.objects.order_by("starts_at")))
        .first()
    )


def poster_question(*, poster: Poster, question_id: int) -> PosterQuestion | None:
    return (
        PosterQuestion.objects.filter(poster=poster, pk=question_id)
        .select_related("poster")
        .first()
    )


def poster_questions(*, poster: Poster, include_hidden: bool) -> list[PosterQuestion]:
    questions = PosterQuestion.objects.filter(poster=poster).defer("token")
    if not include_hidden:
        questions = questions.filter(is_hidden=False)
    return list(questions.order_by("created_at", "pk"))


def vote_categories(*, meeting) -> list[VoteCategory]:
    return list(
        VoteCategory.objects.filter(meeting=meeting).prefetch_related(
            Prefetch("posters", queryset=Poster.objects.only(*GALLERY_FIELDS))
        )
    )


def category_posters(category: VoteCategory, shown: list[Poster]) -> list[Poster]:
    """The posters competing in a category (those staff chose, else every shown poster)."""
    chosen = {p.pk for p in category.posters.all()}
    return [p for p in shown if p.pk in chosen] if chosen else shown


def votes_of(*, meeting, user) -> dict[int, int]:
    """category id -> the poster id this attendee voted for."""
    return dict(
        PosterVote.objects.filter(category__meeting=meeting, voter=user).values_list(
            "category_id", "poster_id"
        )
    )


def vote_counts(*, meeting) -> dict[int, dict[int, int]]:
    """category id -> {poster id: votes}."""
    counts: dict[int, dict[int, int]] = {}
    rows = (
        PosterVote.objects.filter(category__meeting=meeting)
        .values("category_id", "poster_id")
        .annotate(votes=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["category_id"], {})[row["poster_id"]] = row["votes"]
    return counts


def _count(model, aggregate) -> Subquery:
    return Coalesce(
        Subquery(
            model.objects.filter(poster=OuterRef("pk"))
            .order_by()
            .values("poster")
            .annotate(n=aggregate)
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def engagement(*, meeting) -> list[Poster]:
    """Per poster: opens, distinct readers, questions, votes. Counts only, no names."""
    return list(
        Poster.objects.filter(meeting=meeting)
        .only(*GALLERY_FIELDS)
        .annotate(
            opens=_count(PosterOpenDay, Sum("opens")),
            reader_count=_count(PosterReader, Count("pk")),
            question_count=_count(PosterQuestion, Count("pk")),
            vote_count=_count(PosterVote, Count("pk")),
        )
        .order_by("topic", "board_number", "title")
    )


def results_visible(category: VoteCategory, *, staff: bool) -> bool:
    return staff or category.results_released
