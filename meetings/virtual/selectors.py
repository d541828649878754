"""The virtual meeting's reads: the on-demand library and its filters, a session's page, a
recording, what an attendee watched, and how many watched each recording (counts only).

Every list here runs the same number of queries however many recordings, sessions, speakers
and attendees there are (tests/virtual/test_query_counts.py)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import Meeting, Person, Session, Talk
from .models import Recording, RecordingView

# Words of a search beyond this many are ignored (each is one more condition).
MAX_SEARCH_WORDS = 8


def recordings_available(*, meeting: Meeting, now: datetime) -> QuerySet[Recording]:
    """The meeting's recordings attendees may watch now (the expired ones are hidden)."""
    return Recording.objects.filter(session__day__meeting=meeting).filter(
        Q(available_until__isnull=True) | Q(available_until__gt=now)
    )


def _talks_with_speakers(lookup: str = "talks") -> Prefetch:
    return Prefetch(lookup, queryset=Talk.objects.prefetch_related("speakers"))


@dataclass
class LibraryChoices:
    """What the library's filters offer: only what some available recording has."""

    days: list[date] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    speakers: list[tuple[int, str]] = field(default_factory=list)


def library_choices(*, meeting: Meeting, now: datetime) -> LibraryChoices:
    available = recordings_available(meeting=meeting, now=now)
    rows = (
        Session.objects.filter(pk__in=available.values("session_id"))
        .order_by()
        .values_list("day__date", "track", "kind")
        .distinct()
    )
    choices = LibraryChoices()
    days, tracks, kinds = set(), set(), set()
    for day, track, kind in rows:
        days.add(day)
        if track:
            tracks.add(track)
        kinds.add(kind)
    choices.days, choices.tracks = sorted(days), sorted(tracks, key=str.casefold)
    choices.kinds = [value for value in Session.Kind.values if value in kinds]
    choices.speakers = list(
        Person.objects.filter(
            pk__in=Talk.speakers.through.objects.filter(
                talk__session_id__in=available.values("session_id")
            ).values("person_id")
        )
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return choices


@dataclass
class LibraryDay:
    date: date
    recordings: list[Recording]


def library(
    *,
    meeting: Meeting,
    now: datetime,
    q: str = "",
    day: date | None = None,
    track: str = "",
    kind: str = "",
    speaker_id: int | None = None,
) -> list[LibraryDay]:
    """The available recordings matching the filters, grouped by the day of their session,
    each with its session, the session's talks and their speakers."""
    recordings = recordings_available(meeting=meeting, now=now)
    if day:
        recordings = recordings.filter(session__day__date=day)
    if track:
        recordings = recordings.filter(session__track=track)
    if kind:
        recordings = recordings.filter(session__kind=kind)
    if speaker_id:
        recordings = recordings.filter(
            session__in=Talk.objects.filter(speakers=speaker_id).values("session_id")
        )
    for word in q.split()[:MAX_SEARCH_WORDS]:
        matching = Recording.objects.filter(
            Q(title__icontains=word)
            | Q(session__title__icontains=word)
            | Q(session__description__icontains=word)
            | Q(session__talks__title__icontains=word)
            | Q(session__talks__speakers__name__icontains=word)
        )
        recordings = recordings.filter(pk__in=matching.values("pk"))
    recordings = recordings.select_related("session__day").prefetch_related(
        _talks_with_speakers("session__talks")
    )
    return [
        LibraryDay(date=day_date, recordings=list(group))
        for day_date, group in groupby(recordings, key=lambda recording: recording.session.day.date)
    ]


def watched_ids(*, meeting: Meeting, user) -> set[int]:
    """The recordings of the meeting this person has watched."""
    if not user.is_authenticated:
        return set()
    return set(
        RecordingView.objects.filter(
            user=user, recording__session__day__meeting=meeting
        ).values_list("recording_id", flat=True)
    )


def session_page(*, meeting: Meeting, session_id: int, now: datetime) -> Session | None:
    """A session of the meeting's program with its talks, speakers, chairs and available
    recordings; None when there is no such session."""
    return (
        Session.objects.filter(pk=session_id, day__meeting=meeting)
        .select_related("day__meeting")
        .prefetch_related(
            "chairs",
            _talks_with_speakers(),
            Prefetch(
                "recordings",
                queryset=recordings_available(meeting=meeting, now=now).order_by("ordering", "pk"),
                to_attr="available_recordings",
            ),
        )
        .first()
    )


def recording_get(*, meeting: Meeting, recording_id: int, now: datetime) -> Recording | None:
    """An available recording of the meeting (None once expired, or not of this meeting)."""
    return (
        recordings_available(meeting=meeting, now=now)
        .filter(pk=recording_id)
        .select_related("session__day__meeting")
        .prefetch_related(_talks_with_speakers("session__talks"))
        .first()
    )


def sessions_watched(*, meeting: Meeting, user) -> list[Session]:
    """The sessions of the meeting whose recordings this person watched, in program order: a
    reminder of what they attended, beside the CME claim."""
    if not user.is_authenticated:
        return []
    watched = RecordingView.objects.filter(
        user=user, recording__session__day__meeting=meeting
    ).values("recording__session_id")
    return list(Session.objects.filter(pk__in=watched).select_related("day"))


def with_watcher_counts(recordings: QuerySet[Recording]) -> QuerySet[Recording]:
    """Each recording with `watchers`: how many distinct attendees watched it (a count, never
    who)."""
    return recordings.annotate(watchers=Count("views__user", distinct=True))
