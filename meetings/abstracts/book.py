"""The abstract book and the journal supplement's exports.

Staff start a build (`book_build_start`); a Celery task runs `book_build`, which renders the
published abstracts (see `publishing`) to HTML and WeasyPrint lays it out as a PDF: a title
page, contents by topic, each abstract, and an author index, with page numbers from
`target-counter()`. The build records its progress as it goes (WeasyPrint reports each page it
lays out) so the staff page can show it; a failure keeps its error and can be built again.

The CSV and JSON exports carry the same abstracts, with title and body both as plain text and
as the abstract's markup (`markup.py`)."""

import json
import logging
import threading
from collections import defaultdict
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from icis.core.audit import audit_actions, audit_record
from icis.core.locks import lock_one

from . import markup, publishing
from .exceptions import AbstractError
from .models import Abstract, AbstractBook, AbstractCall

logger = logging.getLogger(__name__)

# A build that has not reported for this long is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=30)
# Progress: 0-10 reading and writing the HTML, 10-90 laying out pages, 90-100 the PDF file.
LAYOUT_START, LAYOUT_END = 10, 90
ERROR_MAX_LENGTH = 2000


@audit_actions("Abstracts")
class AbstractBookAction(models.TextChoices):
    BUILD_STARTED = "abstract_book.build_started", "Abstract book build started"


# --- Starting a build ---------------------------------------------------------------------------


@transaction.atomic
def book_build_start(*, call_id: int, user, now: datetime | None = None) -> AbstractBook:
    """Queue a build of the call's book; the task starts once this commits. Refused while a
    build is under way (unless it stopped reporting long ago)."""
    now = now or timezone.now()
    call = lock_one(AbstractCall.objects.all(), pk=call_id)
    book, created = AbstractBook.objects.get_or_create(call=call)
    if not created and book.is_running and book.updated_at > now - STALE_AFTER:
        raise AbstractError("The book is being built already: its progress is shown below.")
    book.status = AbstractBook.Status.QUEUED
    book.progress = 0
    book.error = ""
    book.started_at = None
    book.save()
    audit_record(actor=user, action=AbstractBookAction.BUILD_STARTED, target=call, now=now)

    transaction.on_commit(lambda: _dispatch(book.pk))
    return book


def _dispatch(book_id: int) -> None:
    """Hand the build to the worker; if the broker cannot be reached, the build is marked
    failed with that reason, so staff see it and can try again."""
    from .tasks import build_abstract_book

    try:
        build_abstract_book.delay(book_id)
    except Exception:
        logger.warning("Broker unreachable; abstract book %s not queued", book_id)
        AbstractBook.objects.filter(pk=book_id, status=AbstractBook.Status.QUEUED).update(
            status=AbstractBook.Status.FAILED,
            error="The task queue could not be reached. Try again in a few minutes.",
            updated_at=timezone.now(),
        )


def book_get(*, call_id: int) -> AbstractBook | None:
    return AbstractBook.objects.filter(call_id=call_id).first()


# --- Building -----------------------------------------------------------------------------------


def _progress_set(book_id: int, percent: int, **fields) -> None:
    AbstractBook.objects.filter(pk=book_id).update(
        progress=min(percent, 100), updated_at=timezone.now(), **fields
    )


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page n" reports into the book's progress, written
    once per percent at most, for the thread that builds this book only."""

    def __init__(self, book_id: int, expected_pages: int):
        super().__init__(logging.INFO)
        self.book_id = book_id
        self.expected_pages = max(expected_pages, 1)
        self.thread = threading.get_ident()
        self.percent = LAYOUT_START

    def emit(self, record: logging.LogRecord) -> None:
        if threading.get_ident() != self.thread or "Creating layout - Page" not in record.msg:
            return
        page = record.args[0] if record.args else 0
        share = min(page / self.expected_pages, 1)
        percent = LAYOUT_START + int(share * (LAYOUT_END - 1 - LAYOUT_START))
        if percent > self.percent:
            self.percent = percent
            _progress_set(self.book_id, percent)


def _pdf(html: str, *, book_id: int, expected_pages: int) -> bytes:
    from weasyprint import HTML
    from weasyprint.logger import PROGRESS_LOGGER

    handler = _LayoutProgress(book_id, expected_pages)
    level, propagate = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False
    try:
        document = HTML(string=html, base_url=None).render()
        _progress_set(book_id, LAYOUT_END)
        return document.write_pdf()
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(level)
        PROGRESS_LOGGER.propagate = propagate


def author_index(abstracts: list[Abstract]) -> list[tuple[str, list[Abstract]]]:
    """Each author's name (as written) with their abstracts, by surname (the name's last
    word), then the whole name."""
    entries: dict[str, list[Abstract]] = defaultdict(list)
    for abstract in abstracts:
        for author in abstract.authors.all():
            name = " ".join(author.name.split())
            if name and abstract not in entries[name]:
                entries[name].append(abstract)
    return sorted(entries.items(), key=lambda item: (item[0].split()[-1].casefold(), item[0]))


def book_html(call: AbstractCall, abstracts: list[Abstract], *, now: datetime) -> str:
    return render_to_string(
        "abstracts/book/book.html",
        {
            "call": call,
            "meeting": call.meeting,
            "groups": publishing.by_topic(abstracts),
            "index": author_index(abstracts),
            "count": len(abstracts),
            "built_on": now,
        },
    )


def book_build(*, book_id: int, now: datetime | None = None) -> AbstractBook | None:
    """Build a queued book (the task's work). Returns None when it was not queued (a repeated
    delivery of the task)."""
    now = now or timezone.now()
    started = AbstractBook.objects.filter(pk=book_id, status=AbstractBook.Status.QUEUED).update(
        status=AbstractBook.Status.BUILDING, progress=1, started_at=now, updated_at=now
    )
    if not started:
        return None
    book = AbstractBook.objects.select_related("call__meeting").get(pk=book_id)
    try:
        abstracts = publishing.book_abstracts(call_id=book.call_id)
        _progress_set(book_id, 5)
        html = book_html(book.call, abstracts, now=now)
        _progress_set(book_id, LAYOUT_START)
        # About two abstracts a page, with the title page, contents and index.
        expected = 4 + len(abstracts) // 2 + len(abstracts) // 10
        pdf = _pdf(html, book_id=book_id, expected_pages=expected)
        old = book.file.name
        book.file.save(f"abstract-book-{book.call.meeting.slug}.pdf", ContentFile(pdf), False)
        if old and old != book.file.name:
            book.file.storage.delete(old)
    except Exception as exc:
        logger.exception("Building abstract book %s failed", book_id)
        message = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]
        AbstractBook.objects.filter(pk=book_id).update(
            status=AbstractBook.Status.FAILED, error=message, updated_at=timezone.now()
        )
        book.refresh_from_db()
        return book
    AbstractBook.objects.filter(pk=book_id).update(
        status=AbstractBook.Status.DONE,
        progress=100,
        file=book.file.name,
        abstract_count=len(abstracts),
        built_at=timezone.now(),
        updated_at=timezone.now(),
        error="",
    )
    book.refresh_from_db()
    return book


# --- Exports for the journal supplement ---------------------------------------------------------

EXPORT_FIELDS = [
    "number",
    "title",
    "title_markup",
    "authors",
    "presenting_author",
    "affiliations",
    "topic",
    "type",
    "board",
    "session",
    "body",
    "body_markup",
    "keywords",
]


def _session(abstract: Abstract) -> str:
    talk = abstract.talk
    if abstract.decision != Abstract.Decision.ORAL or talk is None:
        return ""
    session = talk.session
    start = talk.start_time or session.start_time
    parts = [f"{session.day.date:%Y-%m-%d}", f"{start:%H:%M}", session.room, session.title]
    return ", ".join(part for part in parts if part)


def export_record(abstract: Abstract) -> dict:
    authors = list(abstract.authors.all())
    return {
        "number": abstract.number,
        "title": markup.plain(abstract.title),
        "title_markup": abstract.title,
        "authors": [
            {
                "name": author.name,
                "affiliations": list(author.affiliation_numbers),
                "presenting": author.is_presenting,
            }
            for author in authors
        ],
        "presenting_author": next((a.name for a in authors if a.is_presenting), ""),
        "affiliations": [
            {"number": affiliation.number, "name": affiliation.name}
            for affiliation in abstract.affiliations.all()
        ],
        "topic": abstract.topic.name if abstract.topic else "",
        "type": abstract.decision,
        "board": abstract.board_number if abstract.decision == Abstract.Decision.POSTER else "",
        "session": _session(abstract),
        "body": markup.plain(abstract.body),
        "body_markup": abstract.body,
        "keywords": abstract.keywords,
    }


def export_json(*, call: AbstractCall) -> str:
    abstracts = publishing.book_abstracts(call_id=call.pk)
    return json.dumps(
        {
            "meeting": call.meeting.name,
            "abstracts": [export_record(abstract) for abstract in abstracts],
        },
        ensure_ascii=False,
        indent=1,
    )


def export_rows(*, call: AbstractCall) -> list[list[str]]:
    """The CSV's rows (after its header, EXPORT_FIELDS; `csv_response` makes each cell safe
    with `csv_cell`); authors as "Name (1,2)", affiliations as "1. Name", joined by "; "."""
    rows = []
    for abstract in publishing.book_abstracts(call_id=call.pk):
        record = export_record(abstract)
        record["authors"] = "; ".join(
            author["name"]
            + (f" ({','.join(map(str, author['affiliations']))})" if author["affiliations"] else "")
            for author in record["authors"]
        )
        record["affiliations"] = "; ".join(
            f"{affiliation['number']}. {affiliation['name']}"
            for affiliation in record["affiliations"]
        )
        rows.append([record[name] for name in EXPORT_FIELDS])
    return rows


def books_discard_printing(*, submitter) -> int:
    """Books that print an abstract of `submitter` (whose account is being erased): the row and,
    after commit, the file go, so nobody downloads the erased abstract; staff build the book
    again. Returns how many books went."""
    call_ids = publishing.published().filter(submitter=submitter).values("call_id")
    books = list(AbstractBook.objects.filter(call_id__in=call_ids))
    names = [book.file.name for book in books if book.file]
    AbstractBook.objects.filter(pk__in=[book.pk for book in books]).delete()
    if names:
        storage = AbstractBook._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(books)
