"""The ledger: each (attendee, action, object) scores once, daily caps hold under races, and
nothing scores once the tournament closes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetings.tournament.models import Action, PointEvent
from meetings.tournament.services import points_record
from tests.concurrency import race
from tests.factories.virtual import PointRuleFactory, TournamentFactory, attendee_of

UTC = ZoneInfo("UTC")


@pytest.fixture
def tournament(db):
    return TournamentFactory()


def _during(meeting, day: int = 0, hour: int = 10) -> datetime:
    return datetime.combine(meeting.start_date + timedelta(days=day), datetime.min.time()).replace(
        hour=hour, tzinfo=UTC
    )


def _total(user) -> int:
    return sum(PointEvent.objects.filter(user=user).values_list("points", flat=True))


def test_the_same_poster_scores_once(tournament):
    PointRuleFactory(tournament=tournament, action=Action.POSTER_OPEN, points=5)
    meeting = tournament.meeting
    user = attendee_of(meeting)

    scored = [
        points_record(
            meeting=meeting,
            user=user,
            action=Action.POSTER_OPEN,
            object_key="posters.poster:1",
            now=_during(meeting),
        )
        for _ in range(3)
    ]

    assert scored == [5, 0, 0]
    assert _total(user) == 5


def test_an_action_without_a_rule_scores_nothing(tournament):
    meeting = tournament.meeting
    user = attendee_of(meeting)

    assert (
        points_record(
            meeting=meeting,
            user=user,
            action=Action.BOOTH_VISIT,
            object_key="b:1",
            now=_during(meeting),
        )
        == 0
    )
    assert not PointEvent.objects.exists()


def test_the_daily_cap_stops_scoring_until_the_next_day(tournament):
    PointRuleFactory(tournament=tournament, action=Action.BOOTH_VISIT, points=2, daily_cap=3)
    meeting = tournament.meeting
    user = attendee_of(meeting)

    first_day = [
        points_record(
            meeting=meeting,
            user=user,
            action=Action.BOOTH_VISIT,
            object_key=f"booth:{n}",
            now=_during(meeting),
        )
        for n in range(5)
    ]
    next_day = points_record(
        meeting=meeting,
        user=user,
        action=Action.BOOTH_VISIT,
        object_key="booth:9",
        now=_during(meeting, day=1),
    )

    assert first_day == [2, 2, 2, 0, 0]
    assert next_day == 2
    assert _total(user) == 8


def test_no_points_after_the_meeting_closes(tournament):
    PointRuleFactory(tournament=tournament, action=Action.POSTER_OPEN)
    meeting = tournament.meeting
    user = attendee_of(meeting)
    after = _during(meeting, day=(meeting.end_date - meeting.start_date).days + 1, hour=0)

    assert (
        points_record(
            meeting=meeting, user=user, action=Action.POSTER_OPEN, object_key="p:1", now=after
        )
        == 0
    )


def test_a_set_closing_time_is_kept(tournament):
    meeting = tournament.meeting
    tournament.closes_at = _during(meeting, hour=12)
    tournament.save()
    PointRuleFactory(tournament=tournament, action=Action.POSTER_OPEN)
    user = attendee_of(meeting)

    before = points_record(
        meeting=meeting,
        user=user,
        action=Action.POSTER_OPEN,
        object_key="p:1",
        now=_during(meeting, hour=11),
    )
    after = points_record(
        meeting=meeting,
        user=user,
        action=Action.POSTER_OPEN,
        object_key="p:2",
        now=_during(meeting, hour=13),
    )

    assert (before, after) == (10, 0)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_once_score_once():
    tournament = TournamentFactory()
    PointRuleFactory(tournament=tournament, action=Action.POSTER_OPEN, points=7)
    meeting = tournament.meeting
    user = attendee_of(meeting)
    now = _during(meeting)

    outcomes = race(
        [
            lambda: points_record(
                meeting=meeting,
                user=user,
                action=Action.POSTER_OPEN,
                object_key="posters.poster:4",
                now=now,
            )
        ]
        * 6
    )

    assert sorted(outcomes) == [0, 0, 0, 0, 0, 7]
    assert _total(user) == 7


@pytest.mark.django_db(transaction=True)
def test_racing_requests_never_pass_the_daily_cap():
    tournament = TournamentFactory()
    PointRuleFactory(tournament=tournament, action=Action.BOOTH_VISIT, points=1, daily_cap=2)
    meeting = tournament.meeting
    user = attendee_of(meeting)
    now = _during(meeting)

    outcomes = race(
        [
            (
                lambda n=n: points_record(
                    meeting=meeting,
                    user=user,
                    action=Action.BOOTH_VISIT,
                    object_key=f"booth:{n}",
                    now=now,
                )
            )
            for n in range(6)
        ]
    )

    assert sorted(outcomes) == [0, 0, 0, 0, 1, 1]
    assert PointEvent.objects.filter(user=user).count() == 2
