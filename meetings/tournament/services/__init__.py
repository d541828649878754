"""The tournament's writes."""

from .ledger import object_key, points_record
from .play import board_hiding_set, daily_answer
from .prizes import prize_draw_run, prize_draw_verify, winners_pick

__all__ = [
    "board_hiding_set",
    "daily_answer",
    "object_key",
    "points_record",
    "prize_draw_run",
    "prize_draw_verify",
    "winners_pick",
]
