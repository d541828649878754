"""The tournament's play: daily questions with their choices, prize draws, and the harness's
tournament for the security tests."""

import factory
from django.utils import timezone

from meetings.tournament.models import (
    BoardHiding,
    DailyAnswer,
    DailyChoice,
    DailyQuestion,
    PointRule,
    PrizeDraw,
    PrizeWinner,
)

from .virtual import TournamentFactory


class DailyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyQuestion

    tournament = factory.SubFactory(TournamentFactory)
    day = factory.LazyAttribute(lambda o: o.tournament.meeting.start_date)
    text = "Which cytokine was first called 'viral interference'?"


def question_with_choices(*, right: int | None = 0, **fields) -> DailyQuestion:
    """A question with three choices; `right` is the index of the right one (None: no right
    answer, answering scores)."""
    question = DailyQuestionFactory(**fields)
    for n, text in enumerate(["Interferon", "Interleukin-2", "TNF"]):
        DailyChoice.objects.create(question=question, text=text, is_right=n == right)
    return question


class PrizeDrawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrizeDraw

    tournament = factory.SubFactory(TournamentFactory)
    name = "A year's journal subscription"
    winners_count = 2
    rule = PrizeDraw.Rule.AT_LEAST
    threshold = 1


def harness_tournament(meeting, *, today) -> dict:
    """The security harness's tournament: a rule, today's question, a draw not yet made."""
    tournament = TournamentFactory(meeting=meeting)
    PointRule.objects.create(tournament=tournament, action="daily_answer", points=5)
    question_with_choices(tournament=tournament, day=today)
    return {"draw_id": PrizeDrawFactory(tournament=tournament).pk}


def tournament_rows_add(user, tournament) -> None:
    """One of each thing the tournament holds of a person, in `tournament`: hidden from its
    board, an answer to a question, a prize won."""
    BoardHiding.objects.create(tournament=tournament, user=user, created_at=timezone.now())
    question = question_with_choices(tournament=tournament)
    DailyAnswer.objects.create(
        question=question, user=user, choice=question.choices.first(), created_at=timezone.now()
    )
    draw = PrizeDrawFactory(tournament=tournament, drawn_at=timezone.now(), seed="ab" * 32)
    PrizeWinner.objects.create(draw=draw, user=user, position=1, points=10)
