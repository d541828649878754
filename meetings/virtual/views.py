"""Live and on demand: the library of recordings, a session's page (its live stream in the
live window, then its recordings) and a recording's page. For confirmed attendees and staff
(`attendees_only`); only attendees are recorded as watching and score."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from icis.core.privatecache import private_page

from . import selectors, services
from .access import attendees_only
from .forms import OnDemandFilterForm
from .hosts import render_with_player
from .live import LiveState, live_opens_at, live_state


@private_page
@attendees_only
def on_demand(request, access):
    meeting, now = access.meeting, timezone.now()
    choices = selectors.library_choices(meeting=meeting, now=now)
    form = OnDemandFilterForm(request.GET or None, choices=choices)
    filters = form.filters()
    days = selectors.library(meeting=meeting, now=now, **filters)
    return render(
        request,
        "virtual/on_demand.html",
        {
            "meeting": meeting,
            "access": access,
            "section": "on_demand",
            "form": form,
            "searched": any(filters.values()),
            "days": days,
            "count": sum(len(day.recordings) for day in days),
            "watched": selectors.watched_ids(meeting=meeting, user=request.user),
        },
    )


@attendees_only
def session_page(request, access, session_id: int):
    meeting, now = access.meeting, timezone.now()
    session = selectors.session_page(meeting=meeting, session_id=session_id, now=now)
    if session is None:
        raise Http404("There is no such session in this meeting's program.")
    state = live_state(session, now)
    stream = session.stream_url if state == LiveState.LIVE else ""
    if stream and access.attendee:
        services.live_attended(session=session, user=request.user, now=now)
    return render_with_player(
        request,
        "virtual/session.html",
        {
            "meeting": meeting,
            "access": access,
            "section": "on_demand",
            "session": session,
            "state": state,
            "opens_at": live_opens_at(session),
            "stream": stream,
        },
        url=stream,
        embedded="embed",
    )


@attendees_only
def recording_page(request, access, recording_id: int):
    meeting, now = access.meeting, timezone.now()
    recording = selectors.recording_get(meeting=meeting, recording_id=recording_id, now=now)
    if recording is None:
        raise Http404("This recording is not available.")
    if access.attendee:
        services.recording_watched(recording=recording, user=request.user, now=now)
    return render_with_player(
        request,
        "virtual/recording.html",
        {
            "meeting": meeting,
            "access": access,
            "section": "on_demand",
            "recording": recording,
            "session": recording.session,
        },
        url=recording.url,
        embedded="embed",
    )
