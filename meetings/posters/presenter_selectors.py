"""What the presenter's pages read: one's own posters, one poster to edit, its times."""

from django.db.models import QuerySet

from .models import Poster, PresenterSlot


def posters_presented(*, user) -> list[Poster]:
    """The posters `user` presents, newest meeting first, with their meeting (one query)."""
    return list(
        Poster.objects.filter(presenter=user)
        .select_related("meeting")
        .order_by("-meeting__start_date", "board_number", "pk")
    )


def poster_to_edit(*, poster_id: int, user, as_staff: bool) -> Poster | None:
    """The poster, when `user` presents it or staff act as staff; else None."""
    posters: QuerySet = Poster.objects.select_related("meeting")
    if not as_staff:
        if not user.is_authenticated:
            return None
        posters = posters.filter(presenter=user)
    return posters.filter(pk=poster_id).first()


def slots_of(poster: Poster) -> list[PresenterSlot]:
    return list(PresenterSlot.objects.filter(poster=poster).order_by("starts_at"))


def poster_with_slots(*, meeting, poster_id: int) -> Poster | None:
    """A poster of the meeting shown in the gallery, with its times (two queries)."""
    return (
        Poster.objects.filter(meeting=meeting, pk=poster_id, is_shown=True)
        .prefetch_related("slots")
        .first()
    )
