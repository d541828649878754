"""Demo posters for Cytokines 2021: one per accepted poster abstract of the abstracts demo,
each with a generated one-page A0 PDF (clearly marked as a demo), a meet-the-presenter time,
and its previews made here and now, by the same function the task calls. Creates what is
missing and never overwrites: a second run makes nothing."""

import hashlib

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from ..models import Meeting
from . import presenting, previews, syncing
from .files import poster_file_check
from .models import Poster

BLOCKS = ("Background", "Methods", "Results", "Conclusions")


def _blocks(body: str) -> list[tuple[str, str]]:
    """The abstract's text cut into the poster's four blocks (at sentence ends)."""
    from ..abstracts import markup

    sentences = [part.strip() for part in markup.plain(body).replace("\n", " ").split(". ")]
    sentences = [s if s.endswith(".") else f"{s}." for s in sentences if s]
    share = max(1, -(-len(sentences) // len(BLOCKS)))
    return [
        (heading, " ".join(sentences[i * share : (i + 1) * share]) or "See the abstract.")
        for i, heading in enumerate(BLOCKS)
    ]


def poster_pdf(poster: Poster) -> bytes:
    """A one-page A0 demo poster of the poster's abstract."""
    from weasyprint import HTML

    abstract = poster.abstract
    seed = hashlib.sha256(poster.title.encode()).digest()
    html = render_to_string(
        "posters/demo/poster.html",
        {
            "poster": poster,
            "meeting": poster.meeting,
            "abstract": abstract,
            "authors": list(abstract.authors.order_by("position")),
            "affiliations": list(abstract.affiliations.order_by("number")),
            "blocks": _blocks(abstract.body),
            "bars": [30 + byte % 70 for byte in seed[:6]],
        },
    )
    return HTML(string=html, base_url=None).write_pdf()


def _slot(poster: Poster, meeting: Meeting, position: int) -> presenting.SlotEntry:
    from datetime import time, timedelta

    day = meeting.start_date + timedelta(days=1 + position % 2)
    starts = meeting.at(day, time(12 + position % 3))
    return presenting.SlotEntry(starts, starts + timedelta(minutes=45), "Poster hall, video room")


def load(meeting: Meeting) -> dict[str, int]:
    """Posters from the meeting's accepted poster abstracts, each with its file, one time to
    meet the presenter and its previews; returns how many of each were made."""
    made = {"posters": 0, "files": 0, "previews": 0, "slots": 0}
    made["posters"] = syncing.posters_sync(meeting_id=meeting.pk).created
    settings = presenting.settings_for(meeting)
    posters = (
        Poster.objects.filter(meeting=meeting, abstract__isnull=False, is_shown=True)
        .select_related("meeting", "abstract")
        .order_by("board_number", "pk")
    )
    for position, poster in enumerate(posters):
        if not poster.file:
            upload = ContentFile(poster_pdf(poster), name=f"{poster.board_number or 'poster'}.pdf")
            checked = poster_file_check(
                upload, max_mb=settings.max_mb, max_pages=settings.max_pages
            )
            poster = presenting.poster_upload(
                poster_id=poster.pk, user=None, as_staff=True, upload=upload, checked=checked
            )
            made["files"] += 1
        if poster.preview_state != Poster.PreviewState.READY:
            state = previews.preview_make(poster_id=poster.pk, file_name=poster.file.name)
            made["previews"] += state == Poster.PreviewState.READY
        if not poster.slots.exists():
            presenting.slots_replace(
                poster_id=poster.pk,
                user=None,
                as_staff=True,
                slots=[_slot(poster, meeting, position)],
            )
            made["slots"] += 1
    return made
