"""Previews, made by the Celery task after an upload commits: QUEUED -> MAKING -> READY with
an image of the right size (or FAILED with a sentence the presenter can act on); a file
replaced while its preview is being made never gets the stale one; making it again is
harmless."""

import io

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from icis.celery import app as celery_app
from meetings.posters import previews
from meetings.posters.models import Poster
from tests.factories.posters import A0, damaged_pdf, image_bytes, pdf_bytes, upload
from tests.waiting import wait_for

State = Poster.PreviewState


def _image(field) -> Image.Image:
    with field.open("rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def _with_file(poster: Poster, content: bytes, kind: str) -> Poster:
    """The poster as an upload leaves it (the file stored as it is, bypassing the check)."""
    poster.file.save(f"poster.{kind}", ContentFile(content), save=False)
    poster.file_kind = kind
    poster.preview_state = State.QUEUED
    poster.save()
    return poster


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_preview_after_the_upload(presenter_client, poster):
    url = reverse("poster_presenter:detail", args=[poster.pk])
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = presenter_client.post(
            url, {"action": "upload", "file": upload(pdf_bytes(1, A0), "a0.pdf")}
        )
        assert response.status_code == 302
        assert wait_for(
            lambda: Poster.objects.filter(pk=poster.pk, preview_state=State.READY).exists(),
            timeout=60,
        ), Poster.objects.values("preview_state", "preview_error").get(pk=poster.pk)

    poster.refresh_from_db()
    # A0 is 2384 x 3370 points: the longest side becomes 2400 pixels, the ratio kept.
    assert poster.preview_height == previews.PREVIEW_SIDE
    assert abs(poster.preview_width - round(2400 * A0[0] / A0[1])) <= 1
    preview, thumbnail = _image(poster.preview), _image(poster.thumbnail)
    assert preview.format == "WEBP"
    assert preview.size == (poster.preview_width, poster.preview_height)
    assert max(thumbnail.size) == previews.THUMBNAIL_SIDE
    page = presenter_client.get(url).content.decode()
    assert "Preview: <strong>Ready</strong>" in page
    assert f"The preview is {poster.preview_width} × 2400 pixels." in page
    thumb = presenter_client.get(reverse("poster_presenter:thumbnail", args=[poster.pk]))
    assert thumb["Content-Type"] == "image/webp"
    assert thumb["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_an_image_is_resized_and_a_small_one_kept_as_it_is(poster):
    _with_file(poster, image_bytes((3000, 6000)), "png")
    assert previews.preview_make(poster_id=poster.pk, file_name=poster.file.name) == State.READY
    poster.refresh_from_db()
    assert (poster.preview_width, poster.preview_height) == (1200, 2400)
    assert _image(poster.thumbnail).size == (200, 400)

    _with_file(poster, image_bytes((800, 600), kind="JPEG"), "jpeg")
    previews.preview_make(poster_id=poster.pk, file_name=poster.file.name)
    poster.refresh_from_db()
    assert (poster.preview_width, poster.preview_height) == (800, 600)


@pytest.mark.django_db
def test_a_damaged_pdf_ends_failed_with_a_sentence_the_presenter_can_act_on(
    presenter_client, poster
):
    _with_file(poster, damaged_pdf(), "pdf")

    state = previews.preview_make(poster_id=poster.pk, file_name=poster.file.name)

    assert state == State.FAILED
    page = presenter_client.get(reverse("poster_presenter:detail", args=[poster.pk]))
    text = page.content.decode()
    assert "Preview: <strong>The preview could not be made</strong>" in text
    assert "save or export it again (as PDF, PNG or JPEG) and upload it once more" in text
    assert poster.preview.name == ""


@pytest.mark.django_db
def test_a_file_replaced_meanwhile_keeps_its_own_preview(poster, monkeypatch):
    _with_file(poster, pdf_bytes(1), "pdf")
    first = poster.file.name
    render = previews.render

    def replaced_while_rendering(data, *, kind):
        result = render(data, kind=kind)
        _with_file(Poster.objects.get(pk=poster.pk), image_bytes((500, 500)), "png")
        return result

    monkeypatch.setattr(previews, "render", replaced_while_rendering)
    assert previews.preview_make(poster_id=poster.pk, file_name=first) == "stale"
    monkeypatch.undo()

    poster.refresh_from_db()
    assert poster.file.name != first
    assert (poster.preview.name, poster.preview_state) == ("", State.QUEUED)
    assert previews.preview_make(poster_id=poster.pk, file_name=poster.file.name) == State.READY
    poster.refresh_from_db()
    assert (poster.preview_width, poster.preview_height) == (500, 500)


@pytest.mark.django_db
def test_making_it_again_for_the_same_file_changes_nothing(poster):
    _with_file(poster, pdf_bytes(1), "pdf")
    previews.preview_make(poster_id=poster.pk, file_name=poster.file.name)
    poster.refresh_from_db()
    made = poster.preview.name

    assert previews.preview_make(poster_id=poster.pk, file_name=poster.file.name) == "stale"
    poster.refresh_from_db()
    assert poster.preview.name == made


@pytest.mark.django_db
def test_staff_make_previews_again_from_the_admin(
    poster, admin_client_2fa, django_capture_on_commit_callbacks
):
    _with_file(poster, pdf_bytes(1), "pdf")
    previews.preview_make(poster_id=poster.pk, file_name=poster.file.name)

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client_2fa.post(
            "/admin/posters/poster/",
            {"action": "make_previews_again", "_selected_action": [poster.pk]},
            follow=True,
        )

    assert "1 poster queued for new previews" in response.content.decode()
    assert len(callbacks) == 1
    poster.refresh_from_db()
    assert poster.preview_state == State.QUEUED
    listing = admin_client_2fa.get("/admin/posters/poster/?preview_state__exact=queued")
    assert poster.title in listing.content.decode()


@pytest.mark.django_db
def test_a_storage_error_is_tried_again_and_the_preview_still_made(poster, monkeypatch):
    from django.db.models.fields.files import FieldFile

    from meetings.posters.tasks import make_poster_preview

    _with_file(poster, pdf_bytes(1), "pdf")
    opened = FieldFile.open
    failures = []

    def flaky(self, mode="rb"):
        if not failures:
            failures.append(self.name)
            raise OSError("the storage did not answer")
        return opened(self, mode)

    monkeypatch.setattr(FieldFile, "open", flaky)

    make_poster_preview.apply(kwargs={"poster_id": poster.pk, "file_name": poster.file.name})

    assert failures == [poster.file.name]
    poster.refresh_from_db()
    assert poster.preview_state == State.READY


@pytest.mark.django_db
def test_previews_still_waiting_long_after_their_upload_are_queued_again(poster, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from meetings.posters import tasks

    queued = []
    monkeypatch.setattr(tasks.make_poster_preview, "delay", lambda **kw: queued.append(kw))
    _with_file(poster, pdf_bytes(1), "pdf")
    now = timezone.now()
    Poster.objects.filter(pk=poster.pk).update(uploaded_at=now - timedelta(minutes=5))
    assert previews.previews_sweep(now=now) == 0

    Poster.objects.filter(pk=poster.pk).update(uploaded_at=now - timedelta(minutes=20))
    assert previews.previews_sweep(now=now) == 1
    assert queued == [{"poster_id": poster.pk, "file_name": poster.file.name}]
