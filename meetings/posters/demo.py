"""Demo posters for Cytokines 2021: one per accepted poster abstract of the abstracts demo,
each with a generated one-page A0 PDF (clearly marked as a demo) and a meet-the-presenter
time; the upload queues its previews as a presenter's does. Creates what is
missing and never overwrites: a second run makes nothing."""

import functools
import hashlib
import io

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from ..models import Meeting
from . import presenting, syncing
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


def posters_pdfs(posters: list[Poster]) -> list[bytes]:
    """One-page A0 demo posters of the posters' abstracts, in order. They are laid out in one
    document (one page each) and split, as WeasyPrint's start-up costs more than a page."""
    if not posters:
        return []
    rows = []
    for poster in posters:
        abstract = poster.abstract
        seed = hashlib.sha256(poster.title.encode()).digest()
        rows.append(
            (
                poster,
                abstract,
                list(abstract.authors.order_by("position")),
                list(abstract.affiliations.order_by("number")),
                _blocks(abstract.body),
                [30 + byte % 70 for byte in seed[:6]],
            )
        )
    html = render_to_string(
        "posters/demo/poster.html", {"meeting": posters[0].meeting, "posters": rows}
    )
    pages = _pdf_pages(html)
    if len(pages) != len(posters):
        raise ValueError("A demo poster did not fit on one page.")
    return list(pages)


@functools.lru_cache(maxsize=1)
def _pdf_pages(html: str) -> tuple[bytes, ...]:
    """The document's pages, each a PDF of its own. Kept for the same text: loading the demo
    again (as the test suite does, many times) lays the same posters out only once."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    document = PdfReader(io.BytesIO(HTML(string=html, base_url=None).write_pdf()))
    pages = []
    for page in document.pages:
        single = PdfWriter()
        single.add_page(page)
        out = io.BytesIO()
        single.write(out)
        pages.append(out.getvalue())
    return tuple(pages)


def _slot(poster: Poster, meeting: Meeting, position: int) -> presenting.SlotEntry:
    from datetime import time, timedelta

    day = meeting.start_date + timedelta(days=1 + position % 2)
    starts = meeting.at(day, time(12 + position % 3))
    return presenting.SlotEntry(starts, starts + timedelta(minutes=45), "Poster hall, video room")


def load(meeting: Meeting) -> dict[str, int]:
    """Posters from the meeting's accepted poster abstracts, each with its file and one time to
    meet the presenter; returns how many of each were made. Their previews are made by the
    task each upload queues, as for a presenter's upload (the worker of `make run`)."""
    made = {"posters": 0, "files": 0, "slots": 0}
    made["posters"] = syncing.posters_sync(meeting_id=meeting.pk).created
    settings = presenting.settings_for(meeting)
    posters = list(
        Poster.objects.filter(meeting=meeting, abstract__isnull=False, is_shown=True)
        .select_related("meeting", "abstract")
        .order_by("board_number", "pk")
    )
    without_file = [poster for poster in posters if not poster.file]
    for poster, pdf in zip(without_file, posters_pdfs(without_file), strict=True):
        upload = ContentFile(pdf, name=f"{poster.board_number or 'poster'}.pdf")
        checked = poster_file_check(upload, max_mb=settings.max_mb, max_pages=settings.max_pages)
        presenting.poster_upload(
            poster_id=poster.pk, user=None, as_staff=True, upload=upload, checked=checked
        )
        made["files"] += 1
    for position, poster in enumerate(posters):
        if not poster.slots.exists():
            presenting.slots_replace(
                poster_id=poster.pk,
                user=None,
                as_staff=True,
                slots=[_slot(poster, meeting, position)],
            )
            made["slots"] += 1
    return made
