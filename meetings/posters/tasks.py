from celery import shared_task
from django.db import DatabaseError

from icis.core.locks import LockBusy

from . import previews, qa_services, syncing

# Storage and database trouble passes: try again. A damaged file ends FAILED in previews.
TRANSIENT = (OSError, DatabaseError, LockBusy)


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=4,
    default_retry_delay=10,
)
def make_poster_preview(self, *, poster_id: int, file_name: str) -> str:
    """Make a poster's preview and thumbnail (queued after each upload; see previews.py)."""
    try:
        return previews.preview_make(poster_id=poster_id, file_name=file_name)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            previews.preview_gave_up(poster_id=poster_id, file_name=file_name)
            raise
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc


@shared_task(acks_late=True, ignore_result=True)
def sync_posters() -> int:
    """Every quarter hour: posters for newly released poster decisions, withdrawn ones
    hidden; previews whose task never ran (the broker was down) queued again."""
    made = 0
    for meeting_id in syncing.meetings_to_sync():
        made += syncing.posters_sync(meeting_id=meeting_id).created
    previews.previews_sweep()
    return made


@shared_task(acks_late=True, ignore_result=True)
def send_question_batches() -> int:
    """Every 15 minutes: one email per poster to its presenter with the new questions."""
    return qa_services.question_batches_send()
