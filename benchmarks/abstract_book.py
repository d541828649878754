"""How long the abstract book takes to build for a large meeting.

Creates a closed call with N accepted, released abstracts (default 1,000) in four topics, a
fifth of them oral presentations with a talk in the program and the rest posters with a board,
each with five authors at two institutions and a body of about 1,500 characters with Greek
letters and superscripts, in a database of its own (icis_benchmark_abstract_book). Then it
times, through the real code:

- `book_build`: the work the Celery task does (read the abstracts, write the HTML, lay out the
  PDF with WeasyPrint, store it in private storage), with its progress recorded;
- the CSV and the JSON exports for the journal supplement.

    .venv/bin/python benchmarks/abstract_book.py [--abstracts 1000] [--keep]

Needs the local services (`scripts/stack.sh start`). The build runs in a worker, never in a
request: what matters is that it finishes, and that its progress moves.
"""

import argparse
import io
import time
from datetime import date, timedelta
from datetime import time as clock

import own_database

DATABASE = "icis_benchmark_abstract_book"
own_database.use(DATABASE, redis_db=14)

TOPICS = [
    "Interferons and antiviral immunity",
    "Cytokines in cancer",
    "Inflammation and autoimmunity",
    "Cytokine signalling",
]
BODY = (
    "Background: IL-1\u03b2 and IFN-\u03b3 shape the response of T_{H}17 cells to infection. "
    "Methods: we treated CD4^{+} cells from 24 donors with 10 \u00b5M of the inhibitor and "
    "measured Ca^{2+} flux, STAT1 phosphorylation and the release of TNF-\u03b1 over 48 h. "
    "Results: the inhibitor lowered TNF-\u03b1 \u2265 2-fold (p < 0.01) and delayed the "
    "Ca^{2+} peak by 12 min; STAT1 phosphorylation fell in 19 of 24 donors. "
) * 3 + "Conclusion: the pathway is a plausible target for further study."


def populate(*, abstracts: int):
    """The meeting, its closed call, the program day and the abstracts. Returns the call."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from meetings.abstracts.models import (
        Abstract,
        AbstractCall,
        AbstractTopic,
        Affiliation,
        Author,
    )
    from meetings.models import Meeting, ProgramDay, Session, Talk

    now = timezone.now()
    meeting = Meeting.objects.create(
        edition=98,
        name="Cytokines Book Benchmark",
        slug="cytokines-book-benchmark",
        currency="USD",
        start_date=date(2027, 10, 12),
        end_date=date(2027, 10, 15),
        time_zone="Europe/London",
        status=Meeting.Status.ANNOUNCED,
    )
    call = AbstractCall.objects.create(
        meeting=meeting, opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=30)
    )
    topics = AbstractTopic.objects.bulk_create(
        AbstractTopic(call=call, name=name, position=n) for n, name in enumerate(TOPICS)
    )
    day = ProgramDay.objects.create(meeting=meeting, date=meeting.start_date)
    sessions = Session.objects.bulk_create(
        Session(
            day=day,
            title=f"Oral session {n + 1}",
            start_time=clock(8 + n % 10),
            end_time=clock(9 + n % 10),
            room=f"Hall {'ABCD'[n % 4]}",
        )
        for n in range(20)
    )
    submitter = get_user_model().objects.create_user(
        email="submitter@example.org", password=None, first_name="Bench", last_name="Mark"
    )
    orals = abstracts // 5
    talks = Talk.objects.bulk_create(
        Talk(session=sessions[n % len(sessions)], title=f"Talk {n}", ordering=n)
        for n in range(orals)
    )
    rows = Abstract.objects.bulk_create(
        Abstract(
            call=call,
            submitter=submitter,
            status=Abstract.Status.SUBMITTED,
            title=f"IL-1\u03b2 and IFN-\u03b3 in T_{{H}}17 cells, study {n + 1}",
            topic=topics[n % len(topics)],
            preference="either",
            body=BODY,
            keywords="IL-1\u03b2, interferon, STAT1",
            conflicts="None",
            publication_consent=True,
            submitted_at=now - timedelta(days=40),
            decision=Abstract.Decision.ORAL if n < orals else Abstract.Decision.POSTER,
            decided_at=now - timedelta(days=3),
            decision_released_at=now - timedelta(days=2),
            board_number="" if n < orals else f"P-{n - orals + 1}",
            talk=talks[n] if n < orals else None,
        )
        for n in range(abstracts)
    )
    Affiliation.objects.bulk_create(
        Affiliation(abstract=abstract, number=number, name=f"Institute {n % 150 + number}")
        for n, abstract in enumerate(rows)
        for number in (1, 2)
    )
    surnames = ["Okafor", "de Vries", "Zanetti", "Nakamura", "Lindqvist", "Mensah", "Kowalska"]
    Author.objects.bulk_create(
        Author(
            abstract=abstract,
            position=position,
            name=f"Author{(n * 5 + position) % 2000} {surnames[(n + position) % len(surnames)]}",
            affiliation_numbers=[1 + position % 2],
            is_presenting=position == 1,
        )
        for n, abstract in enumerate(rows)
        for position in range(1, 6)
    )
    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from meetings.abstracts import book as books

    call = populate(abstracts=args.abstracts)
    book = books.book_build_start(call_id=call.pk, user=None)

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        book = books.book_build(book_id=book.pk)
    built = time.perf_counter() - started
    if book.status != book.Status.DONE:
        raise SystemExit(f"The build failed: {book.error}")
    updates = sum(1 for query in queries.captured_queries if '"progress" =' in query["sql"])
    with book.file.open("rb") as file:
        data = file.read()
    pages = len(PdfReader(io.BytesIO(data)).pages)

    started = time.perf_counter()
    csv_rows = books.export_rows(call=call)
    csv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    json_text = books.export_json(call=call)
    json_seconds = time.perf_counter() - started

    print(f"Abstract book for {book.abstract_count} abstracts: built in {built:.1f} s")
    print(f"  {pages} pages, {len(data) / 1e6:.1f} MB; progress recorded {updates} times")
    print(f"CSV export: {len(csv_rows)} rows in {csv_seconds:.2f} s")
    print(f"JSON export: {len(json_text) / 1e6:.1f} MB in {json_seconds:.2f} s")
    book.file.delete(save=False)
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
