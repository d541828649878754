"""Demo recordings: one per session of a meeting's program (Cytokines 2021's skeleton), on an
example host that is clearly not real, available for years to come. Idempotent: a second run
creates nothing."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils.text import slugify

from ..models import Meeting, Session
from .models import Recording

HOST = "https://video.example.org"
AVAILABLE_UNTIL = datetime(2099, 12, 31, 23, 59, tzinfo=UTC)


@transaction.atomic
def load(meeting: Meeting) -> dict:
    """Adds a recording to each session of `meeting` that has none; {"recordings": created}."""
    created = 0
    sessions = Session.objects.filter(day__meeting=meeting).select_related("day__meeting")
    for session in sessions:
        if session.recordings.exists():
            continue
        length = session.ends_at - session.starts_at
        Recording.objects.create(
            session=session,
            title=f"{session.title} (recording)",
            url=f"{HOST}/{meeting.slug}/{session.day.date:%Y-%m-%d}-{slugify(session.title)}",
            duration_seconds=int(max(length, timedelta(minutes=1)).total_seconds()),
            available_until=AVAILABLE_UNTIL,
        )
        created += 1
    return {"recordings": created}
