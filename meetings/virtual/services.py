"""The virtual meeting's writes: an attendee watched a recording, or joined a live session.

Both score in the tournament through its ledger (`points_record`), which scores each
(attendee, action, object) once; "watched" is written once per attendee and recording, and
its unique key makes two tabs or a double click record it once."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Session
from ..tournament.models import Action
from ..tournament.services import object_key, points_record
from .models import Recording, RecordingView


@transaction.atomic
def recording_watched(*, recording: Recording, user, now: datetime | None = None) -> bool:
    """Record that a confirmed attendee opened `recording`, and score it. True when this was
    the first time (later openings change nothing)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            RecordingView.objects.create(user=user, recording=recording, first_watched_at=now)
    except IntegrityError:
        first = False  # watched before, in this tab or another
    else:
        first = True
    points_record(
        meeting=recording.session.day.meeting,
        user=user,
        action=Action.RECORDING_WATCHED,
        object_key=object_key(recording),
        now=now,
    )
    return first


@transaction.atomic
def live_attended(*, session: Session, user, now: datetime | None = None) -> int:
    """A confirmed attendee opened the session page while its stream was on: the points
    scored (0 when they scored for it before)."""
    return points_record(
        meeting=session.day.meeting,
        user=user,
        action=Action.LIVE_ATTENDED,
        object_key=object_key(session),
        now=now or timezone.now(),
    )
