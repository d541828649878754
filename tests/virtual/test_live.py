"""A session's page shows its live stream from 15 minutes before the session starts until it
ends, in the meeting's time zone; before, it says when it starts; after, it points to the
recordings. A player is embedded only from an approved host, which the page's
Content-Security-Policy then allows as a frame source (and no other host)."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.tournament.models import Action, PointEvent
from meetings.virtual.live import LIVE_OPENS_BEFORE, LiveState, live_state
from tests.conftest import sign_in_with_two_factor
from tests.factories import ProgramDayFactory, SessionFactory
from tests.factories.recordings import EmbedHostFactory, RecordingFactory
from tests.factories.virtual import (
    PointRuleFactory,
    TournamentFactory,
    VirtualMeetingFactory,
    attendee_of,
)

STREAM = "https://player.example.com/live/42"


def _session(meeting, *, day=None, start=time(9), end=time(10), **fields):
    day = ProgramDayFactory(meeting=meeting, date=day or meeting.start_date)
    return SessionFactory(day=day, start_time=start, end_time=end, **fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utc_clock", "expected"),
    [
        # Tokyo is UTC+9: a 09:00-10:00 session there runs 00:00-01:00 UTC.
        ((23, 44, 59), LiveState.UPCOMING),  # the day before, just under 15 minutes out
        ((23, 45, 0), LiveState.LIVE),  # 15 minutes before it starts: the stream opens
        ((0, 30, 0), LiveState.LIVE),
        ((0, 59, 59), LiveState.LIVE),
        ((1, 0, 0), LiveState.ENDED),  # it ends: the stream goes, recordings take over
    ],
)
def test_the_live_window_edges_in_the_meetings_time_zone(utc_clock, expected):
    meeting = VirtualMeetingFactory(time_zone="Asia/Tokyo")
    session = _session(meeting)
    day = meeting.start_date - timedelta(days=1) if utc_clock[0] == 23 else meeting.start_date
    now = datetime.combine(day, time(*utc_clock), tzinfo=UTC)

    assert live_state(session, now) == expected
    assert timedelta(minutes=15) == LIVE_OPENS_BEFORE


def _meeting_at_midday_somewhere():
    """A meeting held today in a zone where it is now between 02:00 and 21:59 and whose clock
    differs from UTC, so the live window only opens if its times are read in that zone."""
    utc_now = timezone.now().astimezone(UTC)
    for shift in (6, -6, 7, -7, 8, -8, 9, -9, 5, -5, 4, -4, 3, -3):
        local_hour = (utc_now.hour + shift) % 24
        if 2 <= local_hour <= 21 and -12 <= shift <= 14:
            zone = f"Etc/GMT{-shift:+d}"  # Etc/ names count the other way: GMT-6 is UTC+6
            local_now = utc_now + timedelta(hours=shift)
            meeting = VirtualMeetingFactory(
                time_zone=zone,
                start_date=local_now.date(),
                end_date=local_now.date() + timedelta(days=2),
            )
            return meeting, local_now
    raise AssertionError("no zone found")  # pragma: no cover


def _page(client, session):
    meeting = session.day.meeting
    return client.get(reverse("virtual:session", args=[meeting.slug, session.pk]))


@pytest.fixture
def live_session(db):
    meeting, local_now = _meeting_at_midday_somewhere()
    start = (local_now - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (local_now + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    return _session(meeting, day=local_now.date(), start=start, end=end, stream_url=STREAM)


def test_inside_the_window_the_stream_is_shown(client, live_session):
    client.force_login(attendee_of(live_session.day.meeting))

    response = _page(client, live_session)

    assert response.status_code == 200
    assert b"Live now" in response.content
    assert STREAM.encode() in response.content


def test_before_the_window_the_page_says_when_it_starts(client, db):
    meeting = VirtualMeetingFactory(time_zone="Europe/London")
    session = _session(meeting, start=time(9, 30), end=time(10, 30), stream_url=STREAM)
    client.force_login(attendee_of(meeting))

    page = _page(client, session).content.decode()

    assert STREAM not in page
    assert f"This session starts on {meeting.start_date:%A} {meeting.start_date.day}" in page
    assert "at 09:30" in page
    assert "The live stream opens here at 09:15" in page


def test_after_the_session_the_page_points_to_its_recordings(client, db):
    today = timezone.localdate()
    meeting = VirtualMeetingFactory(
        start_date=today - timedelta(days=5), end_date=today - timedelta(days=2)
    )
    session = _session(meeting, stream_url=STREAM)
    recording = RecordingFactory(session=session, title="The keynote, recorded")
    client.force_login(attendee_of(meeting))

    page = _page(client, session).content.decode()

    assert STREAM not in page
    assert "This session has ended" in page
    assert reverse("virtual:recording", args=[meeting.slug, recording.pk]) in page


def _frame_sources(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    for directive in policy.split(";"):
        name, *values = directive.split()
        if name == "frame-src":
            return values
    return []


def test_a_stream_from_an_approved_host_is_embedded_and_allowed(client, live_session):
    EmbedHostFactory(host="player.example.com")
    EmbedHostFactory(host="other.example.net", name="Another approved player")
    client.force_login(attendee_of(live_session.day.meeting))

    response = _page(client, live_session)

    assert f'<iframe src="{STREAM}"'.encode() in response.content
    sources = _frame_sources(response)
    assert "https://player.example.com" in sources
    assert "https://other.example.net" not in sources  # approved, but not on this page


def test_a_stream_from_any_other_host_is_a_plain_link(client, live_session):
    live_session.stream_url = "https://stream.example.net/live/42"
    live_session.save()
    EmbedHostFactory(host="player.example.com")
    client.force_login(attendee_of(live_session.day.meeting))

    response = _page(client, live_session)

    assert b"<iframe" not in response.content
    assert b'href="https://stream.example.net/live/42"' in response.content
    sources = _frame_sources(response)
    assert not any("example.net" in source or "example.com" in source for source in sources)


def test_opening_the_page_during_the_live_window_scores_once(client, live_session):
    meeting = live_session.day.meeting
    PointRuleFactory(
        tournament=TournamentFactory(meeting=meeting), action=Action.LIVE_ATTENDED, points=15
    )
    attendee = attendee_of(meeting)
    client.force_login(attendee)

    for _ in range(3):
        assert _page(client, live_session).status_code == 200

    events = PointEvent.objects.filter(user=attendee, action=Action.LIVE_ATTENDED)
    assert [(event.object_key, event.points) for event in events] == [
        (f"meetings.session:{live_session.pk}", 15)
    ]


def test_outside_the_window_nothing_scores(client, db):
    meeting = VirtualMeetingFactory()
    PointRuleFactory(
        tournament=TournamentFactory(meeting=meeting), action=Action.LIVE_ATTENDED, points=15
    )
    session = _session(meeting, stream_url=STREAM)
    client.force_login(attendee_of(meeting))

    _page(client, session)

    assert not PointEvent.objects.exists()


def test_staff_watch_live_but_never_score(client, live_session, staff_user_2fa):
    meeting = live_session.day.meeting
    PointRuleFactory(
        tournament=TournamentFactory(meeting=meeting), action=Action.LIVE_ATTENDED, points=15
    )
    sign_in_with_two_factor(client, staff_user_2fa)

    assert STREAM.encode() in _page(client, live_session).content
    assert not PointEvent.objects.exists()


def test_a_session_of_another_meeting_is_not_found(client, db):
    meeting = VirtualMeetingFactory()
    elsewhere = _session(VirtualMeetingFactory())
    client.force_login(attendee_of(meeting))

    url = reverse("virtual:session", args=[meeting.slug, elsewhere.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/meetings/{meeting.slug}/sessions/99999999999999999999/").status_code == 404


def test_the_program_links_each_session_to_its_page(client, db):
    meeting = VirtualMeetingFactory()
    session = _session(meeting)

    page = client.get(reverse("meetings:program", args=[meeting.slug])).content.decode()

    assert reverse("virtual:session", args=[meeting.slug, session.pk]) in page
