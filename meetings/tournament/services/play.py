"""What an attendee does on the tournament page: answer the day's question, hide from the
board (or show again)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..exceptions import TournamentError
from ..models import Action, BoardHiding, DailyAnswer, DailyChoice, DailyQuestion, Tournament
from .ledger import object_key, points_record, tournament_closes_at


@transaction.atomic
def daily_answer(
    *, question: DailyQuestion, user, choice: DailyChoice, now: datetime | None = None
) -> DailyAnswer:
    """Record an attendee's one answer to the day's question and score it: a right answer when
    the question has one, any answer otherwise. Raises TournamentError when the tournament has
    closed, the question is not today's, or they answered before."""
    now = now or timezone.now()
    tournament = question.tournament
    meeting = tournament.meeting
    if now >= tournament_closes_at(tournament):
        raise TournamentError("The tournament has closed: answers no longer count.")
    if question.day != meeting.local_today(now):
        raise TournamentError("This question is not today's any more.")
    if choice.question_id != question.pk:
        raise TournamentError("Choose one of the question's answers.")
    has_right = question.choices.filter(is_right=True).exists()
    try:
        with transaction.atomic():
            answer = DailyAnswer.objects.create(
                question=question, user=user, choice=choice, created_at=now
            )
    except IntegrityError:
        raise TournamentError("You have already answered today's question.") from None
    if choice.is_right or not has_right:
        answer.points = points_record(
            meeting=meeting,
            user=user,
            action=Action.DAILY_ANSWER,
            object_key=object_key(question),
            now=now,
        )
        answer.save(update_fields=["points"])
    return answer


@transaction.atomic
def board_hiding_set(
    *, tournament: Tournament, user, hidden: bool, now: datetime | None = None
) -> bool:
    """Hide the attendee from the board, or show them again; whether they are hidden now."""
    if hidden:
        BoardHiding.objects.get_or_create(
            tournament=tournament, user=user, defaults={"created_at": now or timezone.now()}
        )
    else:
        BoardHiding.objects.filter(tournament=tournament, user=user).delete()
    return hidden
