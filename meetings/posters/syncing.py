"""Posters from accepted abstracts: one poster for every published abstract of the meeting's
call accepted as a poster (the one "published" rule is `meetings.abstracts.publishing`), with
its title, topic, board and presenting author copied; a poster whose abstract is no longer
published (withdrawn) leaves the gallery and frees its board.

Run by staff (an admin action on the posters) and by a periodic task, however often: a
poster is made once per abstract, and what staff changed on it afterwards is kept."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one

from ..abstracts import markup
from ..abstracts.models import Abstract, Affiliation, Author
from ..abstracts.publishing import published
from ..models import Format, Meeting
from .audit import PosterAction
from .models import Poster, PosterSettings


@dataclass(frozen=True)
class SyncResult:
    created: int
    hidden: int
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.created} poster(s) added, {self.hidden} withdrawn poster(s) hidden."
        return " ".join([text, *self.notes])


def _poster_for(abstract: Abstract, meeting: Meeting, board: str) -> Poster:
    presenting = next((author for author in abstract.authors.all() if author.is_presenting), None)
    affiliation = ""
    if presenting is not None and presenting.affiliation_numbers:
        first = presenting.affiliation_numbers[0]
        affiliation = next(
            (item.name for item in abstract.affiliations.all() if item.number == first), ""
        )
    submitter = abstract.submitter
    name = presenting.name if presenting else (submitter.get_full_name() or submitter.email)
    return Poster(
        meeting=meeting,
        abstract=abstract,
        title=markup.plain(abstract.title)[:300],
        topic=abstract.topic.name[:200] if abstract.topic_id else "",
        board_number=board,
        # The presenting author's account uploads; without one, whoever submitted the abstract.
        presenter_id=(presenting.user_id if presenting and presenting.user_id else submitter.pk),
        presenter_name=name[:200],
        presenter_affiliation=affiliation[:300],
    )


@transaction.atomic
def posters_sync(*, meeting_id: int, actor=None, now: datetime | None = None) -> SyncResult:
    """Make the missing posters of the meeting's accepted poster abstracts; hide (and free
    the board of) those whose abstract is no longer published."""
    now = now or timezone.now()
    meeting = lock_one(Meeting, pk=meeting_id)  # one sync of a meeting at a time
    PosterSettings.objects.get_or_create(meeting=meeting)
    # First the withdrawn, whose boards the call may since have given to other abstracts.
    gone = Poster.objects.filter(meeting=meeting, abstract__isnull=False).exclude(
        abstract__in=published()
    )
    hidden = gone.exclude(is_shown=False, board_number="").update(
        is_shown=False, board_number="", updated_at=now
    )
    accepted = (
        published()
        .filter(call__meeting=meeting, decision=Abstract.Decision.POSTER, poster__isnull=True)
        .select_related("topic", "submitter")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.order_by("position")),
            Prefetch("affiliations", queryset=Affiliation.objects.order_by("number")),
        )
        .order_by("board_number", "pk")
    )
    taken = set(
        Poster.objects.filter(meeting=meeting)
        .exclude(board_number="")
        .values_list("board_number", flat=True)
    )
    new, notes = [], []
    for abstract in accepted:
        board = abstract.board_number
        if board in taken:
            notes.append(f"Board {board} is taken, so {abstract.number} was added without one.")
            board = ""
        elif board:
            taken.add(board)
        new.append(_poster_for(abstract, meeting, board))
    Poster.objects.bulk_create(new)
    if new or hidden:
        audit_record(
            actor=actor,
            action=PosterAction.SYNCED,
            target=meeting,
            data={"created": len(new), "hidden": hidden},
            now=now,
        )
    return SyncResult(created=len(new), hidden=hidden, notes=tuple(notes))


def meetings_to_sync() -> list[int]:
    """Virtual and hybrid meetings whose call has released poster decisions."""
    return list(
        Meeting.objects.filter(
            format__in=[Format.VIRTUAL, Format.HYBRID],
            abstract_call__abstracts__decision=Abstract.Decision.POSTER,
            abstract_call__abstracts__decision_released_at__isnull=False,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
