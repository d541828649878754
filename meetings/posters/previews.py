"""A poster's preview and thumbnail, made after its file is uploaded (by the task in tasks.py,
or directly by the demo): the first page of a PDF rendered with PDFium, or the image resized,
as WebP at most PREVIEW_SIDE pixels on the longest side, and a THUMBNAIL_SIDE thumbnail.

The state goes QUEUED -> MAKING -> READY or FAILED. Each step checks that the poster still has
the file it was asked about: a presenter who replaces the file while a preview is being made
gets the new file's preview, never the old one's (the stale result is thrown away). Making it
again for the same file is harmless. A file that cannot be read ends FAILED with a sentence the
presenter can act on; a storage or database error is raised for the task to try again."""

import io
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from icis.core.locks import lock_one

from .models import Poster

logger = logging.getLogger(__name__)

PREVIEW_SIDE = 2400
THUMBNAIL_SIDE = 400
# Decoding an image (or rendering a page) larger than this is refused: the upload check already
# refuses bigger images, so only a file changed behind our back could be.
MAX_DECODE_PIXELS = 100_000_000
SWEEP_AFTER = timedelta(minutes=10)
State = Poster.PreviewState

DAMAGED = (
    "The preview could not be made: the file could not be read. Open it on your computer to "
    "check it, save or export it again (as PDF, PNG or JPEG) and upload it once more."
)


class PosterUnreadable(Exception):
    """The file is damaged or not what it claims: making the preview again will not help."""


@dataclass(frozen=True)
class Rendered:
    preview: bytes
    thumbnail: bytes
    width: int
    height: int


def _page_image(data: bytes):
    """The first page of a PDF as a Pillow image, its longest side PREVIEW_SIDE pixels."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PosterUnreadable(str(exc)) from None
    try:
        if len(document) < 1:
            raise PosterUnreadable("no pages")
        page = document[0]
        try:
            width, height = page.get_size()
            if not (width > 0 and height > 0):
                raise PosterUnreadable("empty page")
            scale = PREVIEW_SIDE / max(width, height)
            bitmap = page.render(scale=scale, draw_annots=True)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise PosterUnreadable(str(exc)) from None
    finally:
        document.close()
    return image


def _picture_image(data: bytes):
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
        if image.size[0] * image.size[1] > MAX_DECODE_PIXELS:
            raise PosterUnreadable("too many pixels")
        image.draft("RGB", (PREVIEW_SIDE, PREVIEW_SIDE))  # JPEG: decode at a reduced scale
        image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PosterUnreadable(str(exc)) from None
    if max(image.size) > PREVIEW_SIDE:
        image.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    return image


def _webp(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=82, method=4)
    return out.getvalue()


def render(data: bytes, *, kind: str) -> Rendered:
    """The preview and thumbnail of a poster file's bytes. Raises PosterUnreadable."""
    image = _page_image(data) if kind == Poster.FileKind.PDF else _picture_image(data)
    preview = _webp(image)
    width, height = image.size
    image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return Rendered(preview, _webp(image), width, height)


def _names(poster: Poster) -> tuple[str, str]:
    base = f"posters/{poster.meeting_id}/{uuid.uuid4().hex}"
    return f"{base}-preview.webp", f"{base}-thumbnail.webp"


@transaction.atomic
def _start(poster_id: int, file_name: str) -> Poster | None:
    """MAKING, when the poster still has this file and its preview is not made yet."""
    poster = (
        lock_one(Poster, pk=poster_id) if Poster.objects.filter(pk=poster_id).exists() else None
    )
    if poster is None:  # deleted meanwhile
        return None
    if poster.file.name != file_name or poster.preview_state == State.READY:
        return None
    poster.preview_state = State.MAKING
    poster.preview_error = ""
    poster.save(update_fields=["preview_state", "preview_error", "updated_at"])
    return poster


@transaction.atomic
def _finish(poster_id: int, file_name: str, *, made: dict | None, error: str) -> bool:
    """Keep the result (`made`: the preview fields, its files already stored), if the poster
    still has the file it was made from. The files it replaces go once this commits."""
    poster = Poster.objects.filter(pk=poster_id).first() and lock_one(Poster, pk=poster_id)
    if not poster or poster.file.name != file_name:
        return False
    if made is None:
        poster.preview_state = State.FAILED
        poster.preview_error = error[:300]
        poster.save(update_fields=["preview_state", "preview_error", "updated_at"])
        return True
    old = [name for name in (poster.preview.name, poster.thumbnail.name) if name]
    transaction.on_commit(lambda: files_delete(old), robust=True)
    for name, value in made.items():
        setattr(poster, name, value)
    poster.preview_state = State.READY
    poster.preview_error = ""
    poster.save(update_fields=[*made, "preview_state", "preview_error", "updated_at"])
    return True


def files_delete(names) -> None:
    """Delete stored poster files (after the commit that let go of them)."""
    storage = Poster._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # a file already gone is what we wanted
            logger.warning("poster file %s could not be deleted", name)


def preview_make(*, poster_id: int, file_name: str) -> str:
    """Make the preview of the poster's file `file_name`; returns the state it ended in, or
    "stale" when the poster no longer has that file (or its preview is made already)."""
    poster = _start(poster_id, file_name)
    if poster is None:
        return "stale"
    started = time.monotonic()
    with poster.file.open("rb") as file:  # OSError here is the storage's: the task retries
        data = file.read()
    try:
        rendered = render(data, kind=poster.file_kind)
    except PosterUnreadable as exc:
        logger.info("poster %s preview failed: %s", poster_id, exc)
        kept = _finish(poster_id, file_name, made=None, error=DAMAGED)
        return State.FAILED if kept else "stale"
    storage = Poster._meta.get_field("preview").storage
    preview_name, thumbnail_name = _names(poster)
    saved = [
        storage.save(preview_name, ContentFile(rendered.preview)),
        storage.save(thumbnail_name, ContentFile(rendered.thumbnail)),
    ]
    made = {
        "preview": saved[0],
        "thumbnail": saved[1],
        "preview_width": rendered.width,
        "preview_height": rendered.height,
    }
    try:
        kept = _finish(poster_id, file_name, made=made, error="")
    except BaseException:
        files_delete(saved)
        raise
    if not kept:  # the file was replaced meanwhile: this preview is nobody's
        files_delete(saved)
    logger.info(
        "poster %s preview %s in %.2f s",
        poster_id,
        "kept" if kept else "discarded",
        time.monotonic() - started,
    )
    return State.READY if kept else "stale"


def preview_gave_up(*, poster_id: int, file_name: str) -> None:
    """The task tried and tried again (storage or database trouble): tell the presenter."""
    _finish(
        poster_id,
        file_name,
        made=None,
        error="The preview could not be made just now. Upload the file again a little later; "
        "if it keeps failing, write to the meeting's office.",
    )


def previews_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue again the previews still waiting SWEEP_AFTER after their upload (the broker was
    down when they were queued, or a worker was lost)."""
    from .tasks import make_poster_preview

    now = now or timezone.now()
    waiting = (
        Poster.objects.filter(
            preview_state__in=[State.QUEUED, State.MAKING], uploaded_at__lt=now - SWEEP_AFTER
        )
        .exclude(file="")
        .values_list("pk", "file")[:limit]
    )
    for poster_id, file_name in waiting:
        make_poster_preview.delay(poster_id=poster_id, file_name=file_name)
    return len(waiting)
