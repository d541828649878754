"""Uploads and addresses the awards cannot hold are refused in place, and nothing is kept
half-way: no page-tree bomb counted, no file left without its row, no name that lies about
the content, no address longer than the column."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import services
from awards.documents import PDF_MAX_PAGES, pdf_check
from awards.exceptions import AwardError
from awards.models import Application, Document, Level, RefereeRequest
from tests.awards.conftest import make_member, open_cycle_for, pdf_bytes, pdf_upload
from tests.factories import AwardProgramFactory

pytestmark = pytest.mark.django_db


def page_tree_bomb(depth: int) -> bytes:
    """A small PDF whose page tree names one node twice at every level: 2**depth pages from
    depth + 2 objects (about 1.7 KB at depth 15)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        child = level + 3
        objects.append(
            b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>"
            % (child, child, 2 ** (depth - level))
        )
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stored_files() -> set[Path]:
    return {path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()}


def _pdf(data: bytes, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def unlimited_cycle(db):
    """A call whose CV has no page limit of its own."""
    program = AwardProgramFactory(
        name="Young Investigator Award", slug="yi", level=Level.YOUNG_INVESTIGATOR, summary="."
    )
    return open_cycle_for(program, letters=1, documents=(("cv", None),))


def _draft(cycle):
    user = make_member(degree_year=cycle.year - 3)
    return services.application_start(cycle=cycle, user=user), user


# --- Page counts --------------------------------------------------------------------------------


def test_the_bomb_really_has_the_pages_it_claims():
    from pypdf import PdfReader

    data = page_tree_bomb(6)
    assert len(PdfReader(_pdf(data), strict=False).pages) == 64
    assert len(page_tree_bomb(15)) < 2048


@pytest.mark.parametrize("depth", [15, 16])
def test_a_page_tree_bomb_is_refused_and_nothing_is_stored(unlimited_cycle, depth):
    application, user = _draft(unlimited_cycle)
    before = _stored_files()

    with pytest.raises(AwardError, match="This PDF is damaged or not one we can read"):
        services.document_upload(
            application_id=application.pk, user=user, kind="cv", upload=_pdf(page_tree_bomb(depth))
        )

    assert not Document.objects.exists()
    assert _stored_files() == before


def test_pages_are_bounded_even_when_the_call_sets_no_limit(unlimited_cycle):
    application, user = _draft(unlimited_cycle)
    before = _stored_files()

    with pytest.raises(AwardError, match=f"more than {PDF_MAX_PAGES} pages; the limit is 200"):
        services.document_upload(
            application_id=application.pk,
            user=user,
            kind="cv",
            upload=_pdf(pdf_bytes(PDF_MAX_PAGES + 1)),
        )

    assert not Document.objects.exists()
    assert _stored_files() == before


def test_a_pdf_at_the_hard_maximum_is_counted_exactly():
    assert pdf_check(_pdf(pdf_bytes(PDF_MAX_PAGES)), max_pages=None).pages == PDF_MAX_PAGES
    with pytest.raises(ValidationError, match=r"The PDF has 200 pages; the limit is 199\."):
        pdf_check(_pdf(pdf_bytes(PDF_MAX_PAGES)), max_pages=199)


def test_a_call_shows_the_hard_maximum_and_cannot_set_more(unlimited_cycle):
    requirement = unlimited_cycle.documents.get()
    assert requirement.limits == "PDF, at most 200 pages, up to 2 MB"

    requirement.max_pages = PDF_MAX_PAGES + 1
    with pytest.raises(ValidationError, match="less than or equal to 200"):
        requirement.full_clean()


# --- Nothing left behind ------------------------------------------------------------------------


def test_a_failure_after_the_file_was_written_removes_the_file(unlimited_cycle, monkeypatch):
    application, user = _draft(unlimited_cycle)
    before = _stored_files()

    def audit_fails(**kwargs):
        raise RuntimeError("the audit could not be written")

    monkeypatch.setattr("awards.services.documents.audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        services.document_upload(
            application_id=application.pk, user=user, kind="cv", upload=pdf_upload(1)
        )

    assert not Document.objects.exists()
    assert _stored_files() == before


# --- Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [("cv.exe", "cv.pdf"), ("Lovelace CV.PDF", "Lovelace CV.pdf"), ("CV", "CV.pdf")],
)
def test_a_pdf_is_kept_and_downloaded_under_a_pdf_name(client, unlimited_cycle, uploaded, kept):
    application, user = _draft(unlimited_cycle)

    document = services.document_upload(
        application_id=application.pk, user=user, kind="cv", upload=_pdf(pdf_bytes(1), uploaded)
    )

    assert document.original_name == kept
    assert document.file.name.endswith(".pdf")
    client.force_login(user)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert f'filename="{kept}"' in response["Content-Disposition"]


# --- Addresses ----------------------------------------------------------------------------------

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 312 characters


def test_the_long_address_is_312_characters_and_otherwise_valid():
    from django.core.validators import validate_email

    assert len(LONG_EMAIL) == 312
    validate_email(LONG_EMAIL)


def test_a_referee_address_longer_than_254_characters_is_refused_in_place(client, unlimited_cycle):
    application, user = _draft(unlimited_cycle)
    client.force_login(user)

    response = client.post(
        application.get_absolute_url(),
        {
            "action": "save",
            "title": "Kept title",
            "summary": "",
            "referee_name": "Dr Long",
            "referee_email": LONG_EMAIL,
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"at most 254 characters \(it has 312\)", html)
    assert LONG_EMAIL in html  # what was typed is still in the field
    assert not RefereeRequest.objects.exists()


def test_a_nominee_address_longer_than_254_characters_is_refused_in_place(client):
    program = AwardProgramFactory(
        name="Service Award", slug="service", level=Level.SERVICE, summary="For service."
    )
    open_cycle_for(program, intake="nominations", documents=(("nomination", 3),))
    client.force_login(make_member())

    response = client.post(
        "/awards/service/nominate/",
        {"name": "Grace Hopper", "email": LONG_EMAIL, "institution": "Yale"},
    )

    assert response.status_code == 200
    assert re.search(r"at most 254 characters \(it has 312\)", response.content.decode())
    assert not Application.objects.exists()


# --- Size ---------------------------------------------------------------------------------------


def test_a_letter_past_10_mb_is_refused_in_place_and_nothing_is_stored(client, unlimited_cycle):
    from django.urls import reverse

    application, user = _draft(unlimited_cycle)
    referee = services.referee_request(
        application_id=application.pk, user=user, name="Dr Big", email="big@example.org"
    )
    before = _stored_files()
    sent = pdf_bytes(1) + b"%" + b"0" * (11 * 1024 * 1024)

    response = client.post(
        reverse("awards:letter", args=[services.referee_token(referee)]),
        {"file": _pdf(sent, "letter.pdf")},
    )

    assert response.status_code == 200
    assert "The file is 11.1 MB; the limit is 10 MB." in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files() == before
