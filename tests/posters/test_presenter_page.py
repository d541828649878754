"""The presenter's page: upload or replace the poster (PDF, PNG or JPEG, checked by content),
every refusal said in place with nothing stored; the replaced file deleted; only the
presenter (or staff acting as staff) may open it; closed uploads said in place."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from meetings.posters.models import Poster, PosterSettings
from tests.conftest import sign_in_with_two_factor
from tests.factories import UserFactory
from tests.factories.posters import (
    bomb_png,
    image_bytes,
    pdf_bytes,
    upload,
)
from tests.factories.virtual import PosterFactory, attendee_of
from tests.querycount import assert_queries_at_sizes

PRIVATE = Path(settings.PRIVATE_MEDIA_ROOT)


def _stored() -> set[str]:
    folder = PRIVATE / "posters"
    if not folder.exists():
        return set()
    return {str(path.relative_to(PRIVATE)) for path in folder.rglob("*") if path.is_file()}


def _url(poster) -> str:
    return reverse("poster_presenter:detail", args=[poster.pk])


def _send(client, poster, file):
    return client.post(_url(poster), {"action": "upload", "file": file})


@pytest.mark.django_db
def test_the_presenter_uploads_a_pdf_and_its_preview_is_queued(
    presenter_client, poster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = _send(presenter_client, poster, upload(pdf_bytes(1), "My poster.PDF"))

    assert response.status_code == 302
    poster.refresh_from_db()
    assert (poster.file_kind, poster.file_pages, poster.file_name) == ("pdf", 1, "My poster.pdf")
    assert poster.preview_state == Poster.PreviewState.QUEUED
    assert poster.file.name.startswith(f"posters/{poster.meeting_id}/")
    assert "My poster" not in poster.file.name  # a fresh name, never the uploader's
    assert poster.file.read().startswith(b"%PDF-")
    assert len(callbacks) == 2  # the replaced files' deletion (none here) and the preview task
    page = presenter_client.get(_url(poster)).content.decode()
    assert "Uploaded: My poster.pdf (PDF, 1 page)" in page
    assert "Preview: <strong>Waiting to be processed</strong>" in page
    assert ">Refresh</a>" in page and 'data-reload-after="5"' in page


@pytest.mark.django_db
def test_a_png_and_a_jpeg_are_taken_by_their_content(presenter_client, poster):
    _send(presenter_client, poster, upload(image_bytes(kind="JPEG"), "poster.jpeg"))
    poster.refresh_from_db()
    assert (poster.file_kind, poster.file_name, poster.file_pages) == ("jpeg", "poster.jpg", None)

    # Named .pdf, but a PNG: kept as the PNG it is, under a .png name.
    _send(presenter_client, poster, upload(image_bytes(), "poster.pdf", "application/pdf"))
    poster.refresh_from_db()
    assert (poster.file_kind, poster.file_name) == ("png", "poster.png")
    assert poster.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 400,
            "poster.pdf",
            "This file is neither a PDF nor a PNG or JPEG image we can read.",
        ),
        (
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
            "poster.png",
            "This file is neither a PDF nor a PNG or JPEG image we can read.",
        ),
        (pdf_bytes(3), "poster.pdf", "The PDF has 3 pages; the limit is 2."),
        (bomb_png(), "poster.png", "The image is larger than 80 million pixels."),
        (bomb_png(9_000), "poster.png", "The image is 9,000 \u00d7 9,000 pixels;"),
        (
            b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024),
            "poster.pdf",
            "The file is 3.1 MB; the limit is 2 MB.",
        ),
        (b"", "poster.pdf", "The submitted file is empty."),
    ],
    ids=["exe-named-pdf", "gif", "too-many-pages", "bomb", "too-many-pixels", "too-large", "empty"],
)
@pytest.mark.django_db
def test_a_refused_file_is_said_in_place_and_nothing_is_stored(
    presenter_client, poster, content, name, message
):
    PosterSettings.objects.filter(meeting=poster.meeting).update(max_mb=2, max_pages=2)
    before = _stored()

    response = _send(presenter_client, poster, upload(content, name))

    assert response.status_code == 200
    assert message in response.content.decode()
    poster.refresh_from_db()
    assert (poster.file.name, poster.preview_state) == ("", Poster.PreviewState.NONE)
    assert _stored() == before


@pytest.mark.django_db
def test_replacing_deletes_the_old_file_and_its_previews_after_commit(
    presenter_client, poster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(presenter_client, poster, upload(pdf_bytes(1), "first.pdf"))
    poster.refresh_from_db()
    old = poster.file.name
    from meetings.posters import previews

    previews.preview_make(poster_id=poster.pk, file_name=old)
    poster.refresh_from_db()
    old_previews = [poster.preview.name, poster.thumbnail.name]
    assert all((PRIVATE / name).exists() for name in [old, *old_previews])

    with django_capture_on_commit_callbacks(execute=True):
        _send(presenter_client, poster, upload(image_bytes(), "second.png"))

    poster.refresh_from_db()
    assert poster.file.name != old and (PRIVATE / poster.file.name).exists()
    assert not any((PRIVATE / name).exists() for name in [old, *old_previews])
    assert (poster.preview.name, poster.preview_state) == ("", Poster.PreviewState.QUEUED)


@pytest.mark.django_db
def test_a_failure_after_the_file_is_stored_leaves_nothing_behind(
    presenter_client, poster, monkeypatch
):
    from meetings.posters import presenting

    def broken(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(presenting, "audit_record", broken)
    before = _stored()
    presenter_client.raise_request_exception = False

    response = _send(presenter_client, poster, upload(pdf_bytes(1), "poster.pdf"))

    assert response.status_code == 500
    assert _stored() == before
    poster.refresh_from_db()
    assert poster.file.name == ""


@pytest.mark.django_db
def test_another_attendee_and_a_stranger_get_404(client, poster):
    for user in (attendee_of(poster.meeting), UserFactory()):
        client.force_login(user)
        assert client.get(_url(poster)).status_code == 404
        response = _send(client, poster, upload(pdf_bytes(1), "poster.pdf"))
        assert response.status_code == 404
    poster.refresh_from_db()
    assert poster.file.name == ""


@pytest.mark.django_db
def test_staff_without_two_factor_get_404_and_with_it_may_upload(client, poster, staff_user_2fa):
    client.force_login(staff_user_2fa)
    assert client.get(_url(poster)).status_code == 404

    sign_in_with_two_factor(client, staff_user_2fa)
    PosterSettings.objects.filter(meeting=poster.meeting).update(uploads_open=False)
    page = client.get(_url(poster)).content.decode()
    assert "You are editing this poster as staff." in page
    assert _send(client, poster, upload(pdf_bytes(1), "poster.pdf")).status_code == 302
    poster.refresh_from_db()
    assert poster.file_kind == "pdf"


@pytest.mark.django_db
def test_closed_uploads_are_said_in_place_and_refused(presenter_client, poster):
    PosterSettings.objects.filter(meeting=poster.meeting).update(uploads_open=False)

    page = presenter_client.get(_url(poster)).content.decode()
    response = _send(presenter_client, poster, upload(pdf_bytes(1), "poster.pdf"))

    assert "posters are closed, so the poster can no longer be replaced" in page
    assert 'name="file"' not in page
    assert "posters are closed, so the poster can no longer be replaced" in (
        response.content.decode()
    )
    poster.refresh_from_db()
    assert poster.file.name == ""


@pytest.mark.django_db
def test_the_narration_link_must_be_https(presenter_client, poster):
    refused = presenter_client.post(
        _url(poster), {"action": "narration", "narration_url": "http://example.org/talk.mp3"}
    )
    assert "Enter a full https:// address" in refused.content.decode()

    presenter_client.post(
        _url(poster), {"action": "narration", "narration_url": " https://example.org/talk.mp3 "}
    )
    poster.refresh_from_db()
    assert poster.narration_url == "https://example.org/talk.mp3"


@pytest.mark.django_db
def test_my_posters_lists_one_s_own_at_a_fixed_number_of_queries(presenter_client, presenter):
    def grow(count):
        for _ in range(count):
            PosterFactory(presenter=presenter)
        PosterFactory()  # someone else's

    assert_queries_at_sizes(
        expected=3,  # session, user, posters with their meetings
        grow=grow,
        action=lambda: presenter_client.get(reverse("poster_presenter:mine")),
    )
    page = presenter_client.get(reverse("poster_presenter:mine")).content.decode()
    assert page.count("Not uploaded yet") == 22
