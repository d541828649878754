"""What a presenter (or staff acting as staff) changes on a poster: its file, its narration
link, its "meet the presenter" times; and staff asking for the previews again.

A new file is stored under a fresh name before the poster points at it; the file it replaces
and that file's previews are deleted only once the change is committed, and a change that
fails deletes the file it had stored, so a failed upload leaves nothing behind. The preview
task is queued after the commit."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one

from .audit import PosterAction
from .exceptions import PosterError
from .files import CheckedPoster
from .models import Poster, PosterSettings, PresenterSlot
from .previews import files_delete

State = Poster.PreviewState
UPLOADS_CLOSED = "Uploads for this meeting's posters are closed; the poster stays as it is."


@dataclass(frozen=True)
class SlotEntry:
    starts_at: datetime
    ends_at: datetime
    where: str = ""


def settings_for(meeting) -> PosterSettings:
    """The meeting's poster settings (the defaults until staff set them)."""
    found = PosterSettings.objects.filter(meeting=meeting).first()
    return found or PosterSettings(meeting=meeting)


def may_edit(poster: Poster, *, user, as_staff: bool) -> bool:
    """The poster's presenter, or staff acting as staff."""
    return as_staff or (user.is_authenticated and poster.presenter_id == user.pk)


def _editable(poster_id: int, *, user, as_staff: bool) -> Poster:
    try:
        poster = lock_one(Poster.objects.select_related("meeting"), of=("self",), pk=poster_id)
    except Poster.DoesNotExist:
        raise PosterError("There is no such poster.") from None
    if not may_edit(poster, user=user, as_staff=as_staff):
        raise PosterError("There is no such poster.")
    return poster


def preview_queue(poster: Poster) -> None:
    """Queue the preview of the poster's current file once the caller's transaction commits."""
    from .tasks import make_poster_preview

    poster_id, file_name = poster.pk, poster.file.name
    # robust: with the broker down the change still stands; the periodic sweep queues it.
    transaction.on_commit(
        lambda: make_poster_preview.delay(poster_id=poster_id, file_name=file_name), robust=True
    )


def poster_upload(
    *,
    poster_id: int,
    user,
    as_staff: bool,
    upload,
    checked: CheckedPoster,
    now: datetime | None = None,
) -> Poster:
    """Store the checked file under a fresh name and make it the poster's; queue its preview."""
    now = now or timezone.now()
    storage = Poster._meta.get_field("file").storage
    stored = None
    try:
        with transaction.atomic():
            poster = _editable(poster_id, user=user, as_staff=as_staff)
            if not as_staff and not settings_for(poster.meeting).uploads_open:
                raise PosterError(UPLOADS_CLOSED)
            old = [n for n in (poster.file.name, poster.preview.name, poster.thumbnail.name) if n]
            upload.seek(0)
            poster.file.save(f"poster.{checked.extension}", upload, save=False)
            stored = poster.file.name
            poster.file_kind = checked.kind
            poster.file_name = checked.display_name
            poster.file_pages = checked.pages
            poster.uploaded_at = now
            poster.preview = poster.thumbnail = ""
            poster.preview_width = poster.preview_height = None
            poster.preview_state = State.QUEUED
            poster.preview_error = ""
            poster.save()
            audit_record(
                actor=user,
                action=PosterAction.FILE_UPLOADED,
                target=poster,
                data={"kind": checked.kind, "pages": checked.pages, "replaced": bool(old)},
                now=now,
            )
            transaction.on_commit(lambda: files_delete(old), robust=True)
            preview_queue(poster)
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    return poster


@transaction.atomic
def narration_save(
    *, poster_id: int, user, as_staff: bool, narration_url: str, now: datetime | None = None
) -> Poster:
    poster = _editable(poster_id, user=user, as_staff=as_staff)
    if poster.narration_url != narration_url:
        poster.narration_url = narration_url
        poster.save(update_fields=["narration_url", "updated_at"])
        audit_record(actor=user, action=PosterAction.DETAILS_SAVED, target=poster, now=now)
    return poster


def slot_problem(meeting, entry: SlotEntry) -> str | None:
    """A time must end after it starts and lie within the meeting's days (in its zone)."""
    if entry.ends_at <= entry.starts_at:
        return "The time must end after it starts."
    zone = meeting.time_zone
    first, last = entry.starts_at.astimezone(zone).date(), entry.ends_at.astimezone(zone).date()
    if first < meeting.start_date or last > meeting.end_date:
        return (
            f"Choose a time during the meeting, {meeting.start_date:%-d %B} to "
            f"{meeting.end_date:%-d %B %Y}."
        )
    return None


@transaction.atomic
def slots_replace(
    *, poster_id: int, user, as_staff: bool, slots: list[SlotEntry], now: datetime | None = None
) -> Poster:
    """The poster's meet-the-presenter times become `slots` (in order of start)."""
    poster = _editable(poster_id, user=user, as_staff=as_staff)
    for entry in slots:
        problem = slot_problem(poster.meeting, entry)
        if problem:
            raise PosterError(problem)
    poster.slots.all().delete()
    PresenterSlot.objects.bulk_create(
        PresenterSlot(poster=poster, starts_at=e.starts_at, ends_at=e.ends_at, where=e.where)
        for e in sorted(slots, key=lambda entry: entry.starts_at)
    )
    audit_record(
        actor=user,
        action=PosterAction.SLOTS_SAVED,
        target=poster,
        data={"slots": len(slots)},
        now=now,
    )
    return poster


@transaction.atomic
def previews_requeue(*, poster_ids: list[int], actor, now: datetime | None = None) -> int:
    """Staff: make the previews of these posters again (those with a file)."""
    count = 0
    for poster in Poster.objects.filter(pk__in=poster_ids).exclude(file="").order_by("pk"):
        poster = lock_one(Poster, pk=poster.pk)
        poster.preview_state = State.QUEUED
        poster.preview_error = ""
        poster.save(update_fields=["preview_state", "preview_error", "updated_at"])
        audit_record(actor=actor, action=PosterAction.PREVIEWS_REQUEUED, target=poster, now=now)
        preview_queue(poster)
        count += 1
    return count
