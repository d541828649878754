"""The tournament of a virtual meeting: what scores, and the ledger of points scored.

The ledger is append-only: a point event is written once and never changed. Its unique key
(tournament, attendee, action, object) makes a double click, a replayed request or two tabs
score once; a daily cap is a numbered slot per (attendee, action, day), unique too, so two
requests at once can never both take the last slot.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..models import Meeting


class Action(models.TextChoices):
    BOOTH_VISIT = "booth_visit", "Visiting a booth"
    POSTER_OPEN = "poster_open", "Opening a poster"
    QUESTION_ASKED = "question_asked", "Asking a question on a poster"
    RECORDING_WATCHED = "recording_watched", "Watching a recording"
    LIVE_ATTENDED = "live_attended", "Attending a live session"
    DAILY_ANSWER = "daily_answer", "Answering the daily question"


class Tournament(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="tournament")
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="No points after this. Empty: when the meeting's last day ends.",
    )
    leaderboard_size = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="How many attendees the leaderboard lists.",
    )

    def __str__(self) -> str:
        return f"Tournament of {self.meeting}"


class PointRule(models.Model):
    """What one action scores, and how often a day it may score."""

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="rules")
    action = models.CharField(max_length=30, choices=Action.choices)
    points = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    daily_cap = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="How many times a day this action scores for one attendee. Empty: no cap.",
    )

    class Meta:
        ordering = ["action"]
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "action"], name="tournament_one_rule_per_action"
            )
        ]

    def __str__(self) -> str:
        cap = f", at most {self.daily_cap} a day" if self.daily_cap else ""
        return f"{self.get_action_display()}: {self.points} points{cap}"


class PointEvent(models.Model):
    """One scoring, written once. `object_key` names what was scored on ("poster:12")."""

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="point_events"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    object_key = models.CharField(max_length=64)
    points = models.PositiveSmallIntegerField()
    day = models.DateField(help_text="The meeting's local date it scored on.")
    cap_slot = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which of the day's capped scorings this was."
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["tournament", "user"], name="tournament_event_by_user")]
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "user", "action", "object_key"],
                name="tournament_scores_once",
            ),
            models.UniqueConstraint(
                fields=["tournament", "user", "action", "day", "cap_slot"],
                condition=Q(cap_slot__isnull=False),
                name="tournament_one_event_per_cap_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.object_key}: {self.points}"


from .models_play import (  # noqa: E402  (the models of play, registered with the app)
    BoardHiding,
    DailyAnswer,
    DailyChoice,
    DailyQuestion,
    PrizeDraw,
    PrizeWinner,
)

__all__ = [
    "Action",
    "BoardHiding",
    "DailyAnswer",
    "DailyChoice",
    "DailyQuestion",
    "PointEvent",
    "PointRule",
    "PrizeDraw",
    "PrizeWinner",
    "Tournament",
]
