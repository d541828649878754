"""The abstract book: staff start a build, a Celery task lays out the PDF (title page, contents
by topic, each abstract, author index with page numbers) recording its progress, and staff
download it; a failed build shows its error and can be tried again. CSV and JSON exports for
the journal supplement."""

import csv
import io
import json
import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from icis.celery import app as celery_app
from meetings.abstracts import book as books
from meetings.abstracts.models import Abstract, AbstractBook
from tests.factories import UserFactory
from tests.waiting import wait_for

from .published import oral_talk, published_abstract

Decision = Abstract.Decision


def _url(name: str, call) -> str:
    return reverse(f"admin:abstracts_abstractcall_{name}", args=[call.pk])


def _pdf_pages(book: AbstractBook) -> list[str]:
    with book.file.open("rb") as file:
        return [page.extract_text() for page in PdfReader(io.BytesIO(file.read())).pages]


def _queued(call, user) -> AbstractBook:
    return books.book_build_start(call_id=call.pk, user=user)


@pytest.mark.django_db
def test_the_pdf_has_title_contents_abstracts_and_an_author_index_with_pages(call, staff_user):
    cancer = call.topics.last()
    first = published_abstract(
        call,
        title="IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells",
        body="Ca^{2+} rose \u2265 2-fold at 10 \u00b5M.",
        authors=(("Ada Okafor", [1], True), ("Bram de Vries", [2], False)),
        board_number="P-12",
    )
    for number in range(12):
        published_abstract(
            call,
            title=f"Tumour cytokines {number}",
            topic=cancer,
            body="A longer result. " * 60,
            authors=((f"Chiara Zanetti{number}", [1], True), ("Bram de Vries", [1], False)),
        )
    held = published_abstract(call, title="Held back")
    Abstract.objects.filter(pk=held.pk).update(decision_released_at=None)

    book = books.book_build(book_id=_queued(call, staff_user).pk)

    assert book.status == AbstractBook.Status.DONE and book.progress == 100
    assert book.abstract_count == 13
    pages = _pdf_pages(book)
    text = "\n".join(pages)
    assert "Abstract book" in pages[0] and "Cytokines 2027" in pages[0]
    assert "Contents" in pages[1]
    assert call.topics.first().name in pages[1] and cancer.name in pages[1]
    assert "IL-1\u03b2 drives IFN-\u03b3" in text
    assert "P-12" in text
    assert "Held back" not in text
    index = text[text.rindex("Author index") :]
    # By surname: de Vries (Vries) after Okafor, Zanetti last.
    assert index.index("Okafor") < index.index("Bram de Vries") < index.index("Chiara Zanetti0")
    # Ada Okafor's entry gives the page her abstract is on.
    entry = re.search(r"Ada Okafor: " + first.number + r" \(p\. (\d+)\)", index)
    assert entry, index[:500]
    page = int(entry.group(1))
    assert first.number in pages[page - 1] and "IL-1\u03b2 drives" in pages[page - 1]


@pytest.mark.django_db
def test_progress_is_recorded_from_0_to_100(call, staff_user):
    for number in range(40):
        published_abstract(call, title=f"Abstract {number}", body="Some text. " * 80)
    book = _queued(call, staff_user)
    assert (book.status, book.progress) == (AbstractBook.Status.QUEUED, 0)

    with CaptureQueriesContext(connection) as queries:
        books.book_build(book_id=book.pk)

    recorded = [
        int(match)
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "abstracts_abstractbook"')
        for match in re.findall(r'"progress" = (\d+)', query["sql"])
    ]
    assert recorded[0] == 1 and recorded[-1] == 100
    assert recorded == sorted(recorded)
    # Pages laid out move the bar between 10 and 90, more than one step.
    assert len([value for value in recorded if 10 < value < 90]) >= 3
    assert AbstractBook.objects.get(pk=book.pk).progress == 100


@pytest.mark.django_db(transaction=True)
def test_staff_build_with_a_real_worker_and_download_it(call, admin_client_2fa):
    published_abstract(call, title="IL-1\u03b2 in the worker's book")
    page = admin_client_2fa.get(_url("book", call))
    assert "The book has not been built yet." in page.content.decode()

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = admin_client_2fa.post(_url("book", call))
        assert response.status_code == 302
        assert wait_for(
            lambda: AbstractBook.objects.filter(call=call, status="done").exists(), timeout=60
        ), AbstractBook.objects.values("status", "progress", "error").first()

    text = admin_client_2fa.get(_url("book", call)).content.decode()
    assert "Ready: 1 abstract, built" in text
    assert 'value="100"' in text
    assert "Download the abstract book (PDF)" in text
    download = admin_client_2fa.get(_url("book_pdf", call))
    assert download["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert "IL-1\u03b2 in the worker's book" in "".join(page.extract_text() for page in pdf.pages)


@pytest.mark.django_db
def test_while_a_build_runs_the_page_shows_progress_and_refuses_another(call, admin_client_2fa):
    book = _queued(call, None)
    AbstractBook.objects.filter(pk=book.pk).update(status="building", progress=42)

    text = admin_client_2fa.get(_url("book", call)).content.decode()
    assert "Building: 42%" in text
    assert '<progress id="book-progress" max="100" value="42">' in text
    assert 'data-reload-after="3"' in text and ">Refresh</a>" in text
    assert "Build it again" not in text

    response = admin_client_2fa.post(_url("book", call), follow=True)
    assert "The book is being built already" in response.content.decode()
    assert AbstractBook.objects.get(pk=book.pk).progress == 42


@pytest.mark.django_db
def test_a_failed_build_shows_its_error_and_can_be_tried_again(
    call, admin_client_2fa, staff_user_2fa, monkeypatch, tmp_path
):
    published_abstract(call)
    # The private storage points below a file: saving the PDF fails for real.
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    storage = AbstractBook._meta.get_field("file").storage
    monkeypatch.setattr(storage, "base_location", str(not_a_folder / "books"))
    monkeypatch.setattr(storage, "location", str(not_a_folder / "books"))
    failed = books.book_build(book_id=_queued(call, staff_user_2fa).pk)
    assert failed.status == AbstractBook.Status.FAILED

    text = admin_client_2fa.get(_url("book", call)).content.decode()
    assert "The build failed:" in text and "Error" in failed.error
    assert "Try again" in text
    assert admin_client_2fa.get(_url("book_pdf", call)).status_code == 404

    monkeypatch.undo()
    admin_client_2fa.post(_url("book", call))
    rebuilt = books.book_build(book_id=failed.pk)
    assert (rebuilt.status, rebuilt.error) == (AbstractBook.Status.DONE, "")
    assert admin_client_2fa.get(_url("book_pdf", call)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["book", "book_pdf", "book_csv", "book_json"])
def test_members_and_visitors_cannot_reach_the_book(client, call, staff_user, name):
    books.book_build(book_id=_queued(call, staff_user).pk)
    url = _url(name, call)
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(staff_user)  # staff without two-factor
    assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_csv_and_json_exports_carry_plain_text_and_markup(call, admin_client_2fa):
    poster = published_abstract(
        call,
        title="=IL-1\u03b2 in T_{H}17 cells",
        body="Ca^{2+} rose.",
        keywords="calcium",
        board_number="P-3",
    )
    oral = published_abstract(call, decision=Decision.ORAL, talk=oral_talk(call, room="Hall B"))

    response = admin_client_2fa.get(_url("book_csv", call))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["number"] for row in rows] == [oral.number, poster.number]
    row = rows[1]
    assert row["title"] == "'=IL-1\u03b2 in TH17 cells"  # never a formula
    assert row["title_markup"] == "'=IL-1\u03b2 in T_{H}17 cells"
    assert row["body"] == "Ca2+ rose." and row["body_markup"] == "Ca^{2+} rose."
    assert row["authors"] == "Ada Okafor (1); Bram de Vries (1,2)"
    assert row["affiliations"] == "1. Institute of Immunology, Cardiff; 2. Cytokine Unit, Leiden"
    assert (row["type"], row["board"], row["session"]) == ("poster", "P-3", "")
    assert "14:30, Hall B, Interferons in infection" in rows[0]["session"]

    data = json.loads(admin_client_2fa.get(_url("book_json", call)).content)
    record = data["abstracts"][1]
    assert record["title"] == "=IL-1\u03b2 in TH17 cells"
    assert record["authors"][0] == {"name": "Ada Okafor", "affiliations": [1], "presenting": True}
    assert record["affiliations"][1] == {"number": 2, "name": "Cytokine Unit, Leiden"}
    assert record["topic"] == call.topics.first().name


@pytest.mark.django_db
def test_the_calls_admin_page_leads_to_the_book(call, admin_client_2fa):
    page = admin_client_2fa.get(reverse("admin:abstracts_abstractcall_change", args=[call.pk]))
    assert f'href="{_url("book", call)}">Abstract book</a>' in page.content.decode()


@pytest.mark.django_db
def test_with_the_queue_unreachable_the_build_fails_in_place_and_can_be_tried_again(
    call, admin_client_2fa, broker_down, django_capture_on_commit_callbacks
):
    published_abstract(call)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_2fa.post(_url("book", call))

    text = admin_client_2fa.get(_url("book", call)).content.decode()
    assert "The build failed: The task queue could not be reached." in text
    assert "Try again" in text
    broker_down()  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_2fa.post(_url("book", call))
    assert AbstractBook.objects.get(call=call).status == AbstractBook.Status.QUEUED
