"""The demo's tournament for Cytokines 2021: played, closed and drawn; a second run creates
nothing."""

from datetime import date

import pytest
from django.urls import reverse

from meetings import demo as meetings_demo
from meetings.models import Registration
from meetings.tournament import demo, selectors
from meetings.tournament.models import DailyQuestion, PointEvent, PrizeDraw
from meetings.tournament.services import prize_draw_verify

pytestmark = pytest.mark.django_db


def test_the_demo_plays_the_2021_tournament_once(client):
    meetings_demo.load()
    meeting = meetings_demo.cytokines_2021()

    first = demo.load(meeting)
    events = PointEvent.objects.count()
    second = demo.load(meeting)

    assert first["attendees"] == 40 and first["draws"] == 2 and first["point_events"] > 400
    assert second == {"attendees": 0, "point_events": 0, "answers": 0, "draws": 0}
    assert PointEvent.objects.count() == events
    assert {e.created_at.date() for e in PointEvent.objects.all()} <= {
        date(2021, 10, d) for d in range(17, 21)
    }
    assert DailyQuestion.objects.filter(tournament=meeting.tournament).count() == 4
    assert Registration.objects.filter(meeting=meeting, status="confirmed").count() >= 40
    for draw in PrizeDraw.objects.all():
        assert draw.seed and prize_draw_verify(draw).matches
    board = selectors.board(meeting.tournament)
    assert [row.rank for row in board] == list(range(1, 11))

    client.force_login(Registration.objects.filter(meeting=meeting).first().user)
    page = client.get(reverse("tournament:board", args=[meeting.slug]))
    assert "The tournament closed on" in page.content.decode()
