"""The tournament in the personal-data registry (`icis.accounts.personal_data`).

Export: every point the person scored (what, on what, when), whether they asked to be hidden
from a board, their answers to the daily questions and the prizes they won. Erasure: all of it
goes, so they leave the leaderboard; a prize draw already recorded keeps its seed and counts
(its verify page then says the eligible list has changed)."""

from datetime import datetime

from icis.accounts import personal_data

from .models import BoardHiding, DailyAnswer, PointEvent, PrizeWinner

HELD = ["tournament.PointEvent", "tournament.BoardHiding", "tournament.DailyAnswer"]
HELD.append("tournament.PrizeWinner")
KEPT = {
    "tournament.PrizeDraw": "names only the staff member who ran a draw, and is emptied when "
    "that account is erased (SET_NULL)"
}


def account_export(*, user) -> dict:
    events = PointEvent.objects.filter(user=user).select_related("tournament__meeting")
    hidings = BoardHiding.objects.filter(user=user).select_related("tournament__meeting")
    answers = DailyAnswer.objects.filter(user=user).select_related(
        "question__tournament__meeting", "choice"
    )
    wins = PrizeWinner.objects.filter(user=user).select_related("draw__tournament__meeting")
    return {
        "tournament_points": [
            {
                "meeting": event.tournament.meeting.name,
                "action": event.get_action_display(),
                "object": event.object_key,
                "points": event.points,
                "scored_at": event.created_at.isoformat(),
            }
            for event in events
        ],
        "tournament_hidden_from_board": [
            {"meeting": hiding.tournament.meeting.name, "since": hiding.created_at.isoformat()}
            for hiding in hidings
        ],
        "tournament_daily_answers": [
            {
                "meeting": answer.question.tournament.meeting.name,
                "day": answer.question.day.isoformat(),
                "question": answer.question.text,
                "answer": answer.choice.text,
                "points": answer.points,
                "answered_at": answer.created_at.isoformat(),
            }
            for answer in answers
        ],
        "tournament_prizes_won": [
            {
                "meeting": win.draw.tournament.meeting.name,
                "prize": win.draw.name,
                "points": win.points,
                "drawn_at": win.draw.drawn_at.isoformat() if win.draw.drawn_at else "",
            }
            for win in wins
        ],
    }


def account_erase(*, user, now: datetime) -> None:
    PrizeWinner.objects.filter(user=user).delete()
    DailyAnswer.objects.filter(user=user).delete()
    BoardHiding.objects.filter(user=user).delete()
    PointEvent.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register(
        "tournament",
        export=account_export,
        erase=account_erase,
        exported=HELD,
        erased=HELD,
        kept=KEPT,
    )
