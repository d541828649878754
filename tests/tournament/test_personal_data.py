"""What the tournament holds of a person is in their export, and goes with their account."""

import pytest
from django.utils import timezone

from icis.accounts import personal_data
from meetings.tournament.models import BoardHiding, DailyAnswer, PointEvent, PrizeWinner
from tests.factories.tournament import tournament_rows_add
from tests.factories.virtual import TournamentFactory, attendee_of

pytestmark = pytest.mark.django_db


def test_the_export_holds_hiding_answers_and_prizes_and_erasure_removes_them():
    tournament = TournamentFactory()
    you = attendee_of(tournament.meeting)
    tournament_rows_add(you, tournament)

    data = personal_data.export_everywhere(user=you)["tournament"]

    assert data["tournament_hidden_from_board"][0]["meeting"] == tournament.meeting.name
    assert data["tournament_daily_answers"][0]["answer"] == "Interferon"
    assert data["tournament_prizes_won"][0]["prize"] == "A year's journal subscription"

    personal_data.erase_everywhere(user=you, now=timezone.now())

    for model in (BoardHiding, DailyAnswer, PrizeWinner, PointEvent):
        assert not model.objects.filter(user=you).exists(), model
