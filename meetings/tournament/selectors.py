"""The tournament's reads: the standings (one window function in SQL), the page's parts, and
the eligible list of a prize draw.

A player's rank orders by points, then by who reached that score first (the time of their last
scoring event, earlier first), then by account number, so two players never share a place and
the order never changes between two reads of the same ledger."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import (
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber

from ..models import Meeting, Registration
from .models import BoardHiding, DailyAnswer, DailyQuestion, PointEvent, PrizeDraw, Tournament
from .services.ledger import tournament_closes_at


@dataclass(frozen=True)
class Standing:
    rank: int
    user_id: int
    name: str
    points: int
    reached: datetime


def _hidden(tournament: Tournament):
    return Exists(BoardHiding.objects.filter(tournament=tournament, user=OuterRef("user_id")))


def standings(tournament: Tournament, *, players: Q | None = None, names: bool = True) -> QuerySet:
    """Every player with points (or those `players` picks), with `total`, `reached`, `name`
    (their badge name; empty without `names`) and `rank`: one query, ranked by PostgreSQL."""
    events = PointEvent.objects.filter(tournament=tournament)
    if players is not None:
        events = events.filter(players)
    badge = Registration.objects.filter(
        meeting_id=tournament.meeting_id,
        user=OuterRef("user_id"),
        status=Registration.Status.CONFIRMED,
    ).values("badge_name")[:1]
    return (
        events.values("user_id")
        .annotate(total=Sum("points"), reached=Max("created_at"))
        .annotate(
            name=Subquery(badge) if names else Value(""),
            rank=Window(
                RowNumber(),
                order_by=[F("total").desc(), F("reached").asc(), F("user_id").asc()],
            ),
        )
        .order_by("rank")
    )


def _standing(row: dict) -> Standing:
    return Standing(
        rank=row["rank"],
        user_id=row["user_id"],
        name=row["name"] or "An attendee",
        points=row["total"],
        reached=row["reached"],
    )


def board(tournament: Tournament) -> list[Standing]:
    """The top `leaderboard_size` of those who did not ask to be hidden; hidden players are
    skipped, so the places stay 1, 2, 3..."""
    ranked = standings(tournament, players=~_hidden(tournament))
    return [_standing(row) for row in ranked[: tournament.leaderboard_size]]


def own_standing(tournament: Tournament, user) -> Standing | None:
    """The place `user` holds among the players on the board, counting themselves even when
    hidden (None before they score)."""
    ranked = standings(tournament, players=~_hidden(tournament) | Q(user=user), names=False)
    sql, params = ranked.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ranked.* FROM ({sql}) AS ranked WHERE ranked.user_id = %s",  # noqa: S608  # nosec B608
            [*params, user.pk],
        )
        names = [column.name for column in cursor.description]
        row = cursor.fetchone()
    return _standing(dict(zip(names, row, strict=True))) if row else None


def tournament_for(meeting: Meeting) -> Tournament | None:
    return (
        Tournament.objects.filter(meeting=meeting)
        .select_related("meeting")
        .prefetch_related("rules")
        .first()
    )


def question_of_the_day(tournament: Tournament, *, now: datetime) -> DailyQuestion | None:
    day = tournament.meeting.local_today(now)
    return (
        DailyQuestion.objects.filter(tournament=tournament, day=day)
        .prefetch_related("choices")
        .first()
    )


def answer_of(question: DailyQuestion, user) -> DailyAnswer | None:
    return DailyAnswer.objects.filter(question=question, user=user).select_related("choice").first()


def is_hidden(tournament: Tournament, user) -> bool:
    return BoardHiding.objects.filter(tournament=tournament, user=user).exists()


def is_open(tournament: Tournament, *, now: datetime) -> bool:
    return now < tournament_closes_at(tournament)


@dataclass(frozen=True)
class Eligible:
    user_ids: list[int]
    points: dict[int, int]
    digest: str


def draw_eligible(draw: PrizeDraw) -> Eligible:
    """Who may win `draw`, in a fixed order: everyone with at least `threshold` points by
    account number, or the top `threshold` places by rank. Hidden players take part."""
    ranked = standings(draw.tournament)
    if draw.rule == PrizeDraw.Rule.TOP:
        rows = [(row["user_id"], row["total"]) for row in ranked[: draw.threshold]]
    else:
        qualified = ranked.filter(total__gte=draw.threshold).order_by("user_id")
        rows = [(row["user_id"], row["total"]) for row in qualified]
    listed = ",".join(f"{user_id}:{points}" for user_id, points in rows)
    return Eligible(
        user_ids=[user_id for user_id, _ in rows],
        points=dict(rows),
        digest=hashlib.sha256(listed.encode()).hexdigest(),
    )
