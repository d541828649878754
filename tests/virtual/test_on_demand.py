"""The on-demand library and a recording's page: recordings by day, filtered by topic and
speaker and searched; "watched" recorded once when an attendee opens a recording (and scored
once), shown in the library and beside the CME claim; expired recordings gone; every page for
attendees and staff only."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from icis.accounts.personal_data import erase_everywhere, export_everywhere
from meetings.models import Session
from meetings.tournament.models import Action, PointEvent
from meetings.virtual import demo as virtual_demo
from meetings.virtual.models import Recording, RecordingView
from meetings.virtual.services import recording_watched
from tests.concurrency import race
from tests.conftest import sign_in_with_two_factor
from tests.factories import ProgramDayFactory, SessionFactory, UserFactory
from tests.factories.recordings import (
    EmbedHostFactory,
    PersonFactory,
    RecordingFactory,
    talk_with_speaker,
)
from tests.factories.virtual import (
    PointRuleFactory,
    TournamentFactory,
    VirtualMeetingFactory,
    attendee_of,
)


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.fixture
def program(meeting):
    """Two days: an interferon symposium with Dr Ada Lovell, a cancer plenary with Dr Bo Crane
    the next day."""
    first = ProgramDayFactory(meeting=meeting, date=meeting.start_date)
    second = ProgramDayFactory(meeting=meeting, date=meeting.start_date + timedelta(days=1))
    interferons = SessionFactory(
        day=first, title="Interferons in infection", track="Innate immunity", start_time=time(9)
    )
    cancer = SessionFactory(
        day=second,
        title="Cytokines in cancer",
        kind=Session.Kind.PLENARY,
        track="Oncology",
        start_time=time(13),
        end_time=time(15),
    )
    talk_with_speaker(
        interferons, title="Type III interferons", speaker=PersonFactory(name="Dr Ada Lovell")
    )
    talk_with_speaker(
        cancer, title="IL-6 trans-signalling", speaker=PersonFactory(name="Dr Bo Crane")
    )
    return {
        "interferons": RecordingFactory(session=interferons, title="Interferons: the recording"),
        "cancer": RecordingFactory(session=cancer, title="Cancer: the recording"),
    }


def _library(client, meeting, **params):
    return client.get(reverse("virtual:on_demand", args=[meeting.slug]), params)


def _titles(response) -> list[str]:
    return [recording.title for day in response.context["days"] for recording in day.recordings]


def test_the_library_lists_recordings_by_day(client, meeting, program):
    client.force_login(attendee_of(meeting))

    response = _library(client, meeting)

    assert [(day.date, [r.title for r in day.recordings]) for day in response.context["days"]] == [
        (meeting.start_date, ["Interferons: the recording"]),
        (meeting.start_date + timedelta(days=1), ["Cancer: the recording"]),
    ]
    page = response.content.decode()
    assert "Dr Ada Lovell" in page
    assert reverse("virtual:recording", args=[meeting.slug, program["cancer"].pk]) in page


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"topic": "track:Oncology"}, ["Cancer: the recording"]),
        ({"topic": "kind:symposium"}, ["Interferons: the recording"]),
        ({"q": "lovell"}, ["Interferons: the recording"]),
        ({"q": "trans-signalling"}, ["Cancer: the recording"]),
        ({"q": "recording cancer"}, ["Cancer: the recording"]),
        ({"q": "nothing-like-this"}, []),
    ],
)
def test_filters_and_search_narrow_the_library(client, meeting, program, params, found):
    client.force_login(attendee_of(meeting))

    assert _titles(_library(client, meeting, **params)) == found


def test_filtering_by_speaker_and_day(client, meeting, program):
    client.force_login(attendee_of(meeting))
    crane = program["cancer"].session.talks.get().speakers.get()

    assert _titles(_library(client, meeting, speaker=crane.pk)) == ["Cancer: the recording"]
    day = meeting.start_date.isoformat()
    assert _titles(_library(client, meeting, day=day)) == ["Interferons: the recording"]


@pytest.mark.parametrize(
    "params",
    [
        {"day": "2099-13-45"},
        {"day": "not a day"},
        {"topic": "track:No such track"},
        {"topic": "<script>alert(1)</script>"},
        {"speaker": "abc"},
        {"speaker": "²"},
        {"speaker": "99999999999999999999999"},
        {"q": "x" * 5000},
        {"q": "bell\x07cancer"},
    ],
)
def test_bad_parameters_are_an_error_in_place_never_a_500(client, meeting, program, params):
    client.force_login(attendee_of(meeting))

    response = _library(client, meeting, **params)

    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    form = response.context["form"]
    if "q" in params and "\x07" in params["q"]:
        # the control character became a space: "bell cancer" finds nothing
        assert _titles(response) == []
    else:
        assert form.errors  # shown beside the field
        # the bad filter is left out: everything is listed
        assert len(_titles(response)) == 2


def test_opening_a_recording_marks_it_watched_once_and_scores_once(client, meeting, program):
    PointRuleFactory(
        tournament=TournamentFactory(meeting=meeting), action=Action.RECORDING_WATCHED, points=5
    )
    attendee = attendee_of(meeting)
    client.force_login(attendee)
    recording = program["cancer"]
    url = reverse("virtual:recording", args=[meeting.slug, recording.pk])

    for _ in range(3):
        assert client.get(url).status_code == 200

    assert RecordingView.objects.filter(user=attendee).count() == 1
    assert list(
        PointEvent.objects.filter(user=attendee).values_list("action", "object_key", "points")
    ) == [(Action.RECORDING_WATCHED, f"virtual.recording:{recording.pk}", 5)]
    library = _library(client, meeting).content.decode()
    assert library.count(">Watched</span>") == 1
    assert library.index("Cancer: the recording") < library.index(">Watched</span>")


def test_another_attendee_sees_no_watched_mark(client, meeting, program):
    RecordingView.objects.create(
        user=attendee_of(meeting), recording=program["cancer"], first_watched_at=timezone.now()
    )
    client.force_login(attendee_of(meeting))

    assert b">Watched</span>" not in _library(client, meeting).content


@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_once_record_watched_once_and_score_once():
    meeting = VirtualMeetingFactory()
    PointRuleFactory(
        tournament=TournamentFactory(meeting=meeting), action=Action.RECORDING_WATCHED, points=5
    )
    recording = RecordingFactory(session__day__meeting=meeting)
    attendee = attendee_of(meeting)
    recording = Recording.objects.select_related("session__day__meeting").get(pk=recording.pk)

    outcomes = race([lambda: recording_watched(recording=recording, user=attendee)] * 6)

    assert sorted(outcomes, key=str) == [False] * 5 + [True], outcomes
    assert RecordingView.objects.filter(user=attendee, recording=recording).count() == 1
    assert PointEvent.objects.filter(user=attendee).count() == 1


def test_staff_watch_without_being_recorded(client, meeting, program, staff_user_2fa):
    PointRuleFactory(
        tournament=TournamentFactory(meeting=meeting), action=Action.RECORDING_WATCHED, points=5
    )
    sign_in_with_two_factor(client, staff_user_2fa)

    url = reverse("virtual:recording", args=[meeting.slug, program["cancer"].pk])
    assert client.get(url).status_code == 200
    assert not RecordingView.objects.exists()
    assert not PointEvent.objects.exists()


def test_an_expired_recording_is_gone(client, meeting, program):
    expired = program["cancer"]
    expired.available_until = timezone.now() - timedelta(minutes=1)
    expired.save()
    client.force_login(attendee_of(meeting))

    assert _titles(_library(client, meeting)) == ["Interferons: the recording"]
    url = reverse("virtual:recording", args=[meeting.slug, expired.pk])
    assert client.get(url).status_code == 404
    assert not RecordingView.objects.exists()


def test_a_recording_still_available_shows_until_when(client, meeting, program):
    recording = program["cancer"]
    recording.available_until = timezone.now() + timedelta(days=30)
    recording.save()
    client.force_login(attendee_of(meeting))

    page = client.get(reverse("virtual:recording", args=[meeting.slug, recording.pk]))

    assert page.status_code == 200
    assert b"available until" in page.content


def test_a_recording_of_another_meeting_is_not_found(client, meeting):
    elsewhere = RecordingFactory()
    client.force_login(attendee_of(meeting))

    url = reverse("virtual:recording", args=[meeting.slug, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_a_recording_on_an_approved_host_is_embedded(client, meeting):
    EmbedHostFactory(host="player.example.com")
    recording = RecordingFactory(
        session__day__meeting=meeting, url="https://player.example.com/video/7"
    )
    other = RecordingFactory(session=recording.session, url="https://video.example.org/7")
    client.force_login(attendee_of(meeting))

    embedded = client.get(reverse("virtual:recording", args=[meeting.slug, recording.pk]))
    linked = client.get(reverse("virtual:recording", args=[meeting.slug, other.pk]))

    assert b'<iframe src="https://player.example.com/video/7"' in embedded.content
    assert "https://player.example.com" in embedded["Content-Security-Policy"]
    assert b"<iframe" not in linked.content
    assert "player.example.com" not in linked["Content-Security-Policy"]
    assert b'href="https://video.example.org/7"' in linked.content


@pytest.mark.parametrize("page", ["on_demand", "session", "recording"])
@pytest.mark.parametrize("who", ["anonymous", "no place", "another meeting"])
def test_everyone_but_attendees_and_staff_is_refused(client, meeting, program, page, who):
    recording = program["cancer"]
    if who == "no place":
        client.force_login(UserFactory())
    elif who == "another meeting":
        client.force_login(attendee_of(VirtualMeetingFactory()))
    args = {
        "on_demand": [meeting.slug],
        "session": [meeting.slug, recording.session.pk],
        "recording": [meeting.slug, recording.pk],
    }[page]

    response = client.get(reverse(f"virtual:{page}", args=args))

    assert response.status_code == 403
    assert b"for registered attendees" in response.content
    assert recording.url.encode() not in response.content
    assert not RecordingView.objects.exists()


def test_the_cme_claim_page_lists_the_sessions_watched(client, meeting, program):
    attendee = attendee_of(meeting)
    someone_else = attendee_of(meeting)
    now = timezone.now()
    RecordingView.objects.create(user=attendee, recording=program["cancer"], first_watched_at=now)
    RecordingView.objects.create(
        user=someone_else, recording=program["interferons"], first_watched_at=now
    )
    client.force_login(attendee)

    page = client.get(reverse("meetings:cme_claim", args=[meeting.slug])).content.decode()

    assert "Sessions you watched on demand" in page
    assert "Cytokines in cancer" in page
    assert "Interferons in infection" not in page


def test_the_cme_claim_page_without_watching_says_nothing_of_it(client, meeting, program):
    client.force_login(attendee_of(meeting))

    page = client.get(reverse("meetings:cme_claim", args=[meeting.slug])).content.decode()

    assert "Sessions you watched" not in page


def test_staff_see_how_many_watched_each_recording_not_who(admin_client_2fa, meeting, program):
    now = timezone.now()
    watchers = [attendee_of(meeting, first_name="Quentin", last_name="Watcher") for _ in range(3)]
    for user in watchers:
        RecordingView.objects.create(user=user, recording=program["cancer"], first_watched_at=now)
    RecordingView.objects.create(
        user=watchers[0], recording=program["interferons"], first_watched_at=now
    )

    response = admin_client_2fa.get(
        "/admin/virtual/recording/", {"session__day__meeting__id__exact": meeting.pk}
    )

    assert response.status_code == 200
    counts = {r.title: r.watchers for r in response.context["cl"].result_list}
    assert counts == {"Cancer: the recording": 3, "Interferons: the recording": 1}
    assert b"Quentin" not in response.content
    assert b"attendees who watched" in response.content.lower()


def test_the_demo_gives_each_session_one_recording_once(meeting, program):
    bare = SessionFactory(day=program["cancer"].session.day, title="Closing session")

    assert virtual_demo.load(meeting) == {"recordings": 1}
    assert virtual_demo.load(meeting) == {"recordings": 0}
    recording = bare.recordings.get()
    assert recording.url.startswith("https://video.example.org/")
    assert recording.duration_seconds == 3600
    assert recording.available_until.year >= 2099


def test_watched_is_in_the_export_and_goes_with_the_account(meeting, program):
    attendee = attendee_of(meeting)
    RecordingView.objects.create(
        user=attendee, recording=program["cancer"], first_watched_at=timezone.now()
    )

    exported = export_everywhere(user=attendee)["virtual"]["recordings_watched"]
    assert [row["recording"] for row in exported] == ["Cancer: the recording"]

    erase_everywhere(user=attendee, now=timezone.now())
    assert not RecordingView.objects.filter(user=attendee).exists()
