"""The on-demand library, a session's page and the staff's list of recordings run the same
number of queries at a handful of recordings and at the meeting's full size (300 recordings,
1,100 confirmed attendees, many of whom watched)."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Session
from meetings.virtual.models import RecordingView
from tests.conftest import sign_in_with_two_factor
from tests.factories import ProgramDayFactory, SessionFactory
from tests.factories.recordings import RecordingFactory, attendees_bulk, talk_with_speaker
from tests.factories.virtual import VirtualMeetingFactory, attendee_of
from tests.querycount import assert_queries_at_sizes

ATTENDEES = 1100
SIZES = (3, 297)  # 3 recordings, then 300

# The request's session and user (2), the platform's access rule (meeting, registration: 2),
# the library's filter choices (days/tracks/kinds, speakers: 2), the recordings with their
# sessions and days (1), their talks and speakers (2), the attendee's watched marks (1).
EXPECTED_LIBRARY = 10
# Session and user (2), access (2), the session's page with chairs, talks, speakers and
# recordings (5); the session has no stream, so no approved host is looked up.
EXPECTED_SESSION = 9
# The admin's list: session and user (2), the meeting filter's meetings (1), the count of rows
# and of all rows (2), the rows with their sessions, days, meetings and watcher counts (1).
EXPECTED_ADMIN_LIST = 6


@pytest.fixture
def meeting(db):
    meeting = VirtualMeetingFactory()
    days = [
        ProgramDayFactory(meeting=meeting, date=meeting.start_date + timedelta(days=offset))
        for offset in range(3)
    ]
    meeting.test_days = days
    meeting.watchers = attendees_bulk(meeting, ATTENDEES)
    return meeting


def _grow(meeting, viewer):
    kinds = Session.Kind.values
    now = timezone.now()

    def grow(count: int) -> None:
        for index in range(count):
            session = SessionFactory(
                day=meeting.test_days[index % 3],
                kind=kinds[index % len(kinds)],
                track=f"Track {index % 7}",
                start_time=time(8 + index % 10),
                end_time=time(9 + index % 10),
            )
            talk_with_speaker(session, title=f"Talk {index}")
            recording = RecordingFactory(session=session)
            watchers = meeting.watchers[index * 3 % ATTENDEES : index * 3 % ATTENDEES + 3]
            RecordingView.objects.bulk_create(
                RecordingView(user=user, recording=recording, first_watched_at=now)
                for user in [*watchers, *([viewer] if index % 2 else [])]
            )

    return grow


def test_the_library_at_full_size(client, meeting):
    viewer = attendee_of(meeting)
    client.force_login(viewer)
    url = reverse("virtual:on_demand", args=[meeting.slug])

    assert_queries_at_sizes(
        expected=EXPECTED_LIBRARY,
        grow=_grow(meeting, viewer),
        action=lambda: client.get(url, {"q": "recording", "topic": "kind:symposium"}),
        sizes=SIZES,
    )
    response = client.get(url)
    assert response.context["count"] == sum(SIZES)
    assert response.content.count(b">Watched</span>") == sum(size // 2 for size in SIZES)


def test_a_session_page_at_full_size(client, meeting):
    viewer = attendee_of(meeting)
    client.force_login(viewer)
    session = SessionFactory(day=meeting.test_days[0], start_time=time(7), end_time=time(8))
    grown = _grow(meeting, viewer)

    def grow(count: int) -> None:
        grown(count)
        for index in range(count):
            talk_with_speaker(session, title=f"Talk {index}")
            RecordingFactory(session=session)

    url = reverse("virtual:session", args=[meeting.slug, session.pk])
    assert_queries_at_sizes(
        expected=EXPECTED_SESSION, grow=grow, action=lambda: client.get(url), sizes=SIZES
    )


def test_the_staff_list_of_recordings_at_full_size(client, meeting, staff_user_2fa):
    sign_in_with_two_factor(client, staff_user_2fa)
    url = "/admin/virtual/recording/"
    assert_queries_at_sizes(
        expected=EXPECTED_ADMIN_LIST,
        grow=_grow(meeting, attendee_of(meeting)),
        action=lambda: client.get(url),
        sizes=(3, 97),  # the admin shows 100 a page
    )
