"""The leaderboard: places by points, equal points to whoever reached them first, hidden
players skipped yet told their own place, and a page whose queries do not grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.tournament import selectors
from meetings.tournament.models import Action, BoardHiding, PointEvent
from meetings.tournament.services import board_hiding_set, points_record
from tests.conftest import sign_in_with_two_factor
from tests.factories import UserFactory
from tests.factories.tournament import question_with_choices
from tests.factories.virtual import PointRuleFactory, TournamentFactory, attendee_of
from tests.querycount import assert_queries_at_sizes
from tests.tournament.helpers import players_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def tournament():
    tournament = TournamentFactory()
    PointRuleFactory(tournament=tournament, action=Action.POSTER_OPEN, points=10)
    PointRuleFactory(tournament=tournament, action=Action.BOOTH_VISIT, points=5, daily_cap=3)
    return tournament


def _score(tournament, user, key: str, *, minutes: int, action=Action.POSTER_OPEN) -> int:
    meeting = tournament.meeting
    now = meeting.at(meeting.start_date, timezone.datetime.min.time()) + timedelta(
        hours=9, minutes=minutes
    )
    return points_record(meeting=meeting, user=user, action=action, object_key=key, now=now)


def _page(client, tournament):
    return client.get(reverse("tournament:board", args=[tournament.meeting.slug]))


def test_equal_points_go_to_whoever_reached_them_first(tournament):
    meeting = tournament.meeting
    early = attendee_of(meeting, first_name="Early", last_name="Bird")
    late = attendee_of(meeting, first_name="Late", last_name="Comer")
    top = attendee_of(meeting, first_name="Top", last_name="Scorer")
    _score(tournament, late, "p:1", minutes=1)  # 10 points first...
    _score(tournament, early, "p:2", minutes=2)
    _score(tournament, late, "b:1", minutes=30, action=Action.BOOTH_VISIT)  # ...15 at 9:30
    _score(tournament, early, "b:2", minutes=20, action=Action.BOOTH_VISIT)  # 15 at 9:20
    for n in range(2):
        _score(tournament, top, f"p:{n}", minutes=40)

    board = selectors.board(tournament)

    assert [(row.rank, row.name, row.points) for row in board] == [
        (1, "Top Scorer", 20),
        (2, "Early Bird", 15),
        (3, "Late Comer", 15),
    ]


def test_the_page_lists_the_top_and_tells_you_your_place_outside_it(client, tournament):
    tournament.leaderboard_size = 2
    tournament.save()
    players_add(tournament, 3, points=50, at=timezone.now() - timedelta(hours=1))
    you = attendee_of(tournament.meeting, first_name="Ada", last_name="Lovelace")
    _score(tournament, you, "p:1", minutes=0)
    client.force_login(you)

    page = _page(client, tournament).content.decode()

    assert page.count("<td>Player Number") == 2
    assert "Ada Lovelace" not in page
    assert "You are <strong>number 4</strong> with <strong>10 points</strong>" in page
    assert "Opening a poster" in page and "10" in page  # the rules
    assert "Most a day" in page and "<td>3</td>" in page


def test_a_hidden_player_is_skipped_but_still_sees_their_place(client, tournament):
    meeting = tournament.meeting
    shy = attendee_of(meeting, first_name="Shy", last_name="Winner")
    other = attendee_of(meeting, first_name="Open", last_name="Player")
    for n in range(3):
        _score(tournament, shy, f"p:{n}", minutes=n)
    _score(tournament, other, "p:1", minutes=5)
    client.force_login(shy)

    response = client.post(
        reverse("tournament:board", args=[meeting.slug]), {"visibility": "1", "hidden": "on"}
    )
    assert response.status_code == 302
    assert BoardHiding.objects.filter(user=shy).exists()

    own_page = _page(client, tournament).content.decode()
    assert "You are <strong>number 1</strong> with <strong>30 points</strong>" in own_page
    assert "hidden from the board" in own_page
    client.force_login(other)
    other_page = _page(client, tournament).content.decode()
    assert "Shy Winner" not in other_page
    assert "<td>1</td><td>Open Player</td>" in other_page  # skipped, not a gap
    assert "You are <strong>number 1</strong>" in other_page

    client.force_login(shy)
    client.post(reverse("tournament:board", args=[meeting.slug]), {"visibility": "1"})
    client.force_login(other)
    assert "<td>1</td><td>Shy Winner</td>" in _page(client, tournament).content.decode()


def test_staff_see_the_board_and_have_no_place(client, tournament, staff_user_2fa):
    players_add(tournament, 2, at=timezone.now())
    sign_in_with_two_factor(client, staff_user_2fa)

    page = _page(client, tournament).content.decode()

    assert page.count("<td>Player Number") == 2
    assert "Your place" not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_without_a_place_is_refused(client, tournament, method):
    client.force_login(UserFactory())
    url = reverse("tournament:board", args=[tournament.meeting.slug])

    response = getattr(client, method)(url, {"visibility": "1", "hidden": "on"})

    assert response.status_code == 403
    assert not BoardHiding.objects.exists()


def test_the_page_runs_the_same_queries_at_10_and_1100_attendees(client, tournament):
    meeting = tournament.meeting
    you = attendee_of(meeting)
    _score(tournament, you, "p:1", minutes=0)
    board_hiding_set(tournament=tournament, user=you, hidden=True)
    question_with_choices(tournament=tournament, day=meeting.local_today())
    client.force_login(you)
    at = timezone.now() - timedelta(days=1)

    def grow(n: int) -> None:
        hidden = players_add(tournament, n, at=at)[: n // 10]
        for user in hidden:
            board_hiding_set(tournament=tournament, user=user, hidden=True)

    def page():
        assert _page(client, tournament).status_code == 200

    assert_queries_at_sizes(expected=12, grow=grow, action=page, sizes=(10, 1090))
    assert PointEvent.objects.values("user").distinct().count() == 1101


def test_the_selectors_run_two_queries_at_any_size(tournament, django_assert_num_queries):
    you = attendee_of(tournament.meeting)
    players_add(tournament, 300, at=timezone.now())

    with django_assert_num_queries(2):
        rows = selectors.board(tournament)
        own = selectors.own_standing(tournament, you)

    assert len(rows) == tournament.leaderboard_size
    assert own is None  # no points yet
