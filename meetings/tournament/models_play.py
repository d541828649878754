"""What attendees do around the ledger: hiding from the board, the daily question, and the
prize draws staff run once the tournament closes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .models import Tournament


class BoardHiding(models.Model):
    """ "Hide me from the board": the attendee still scores and may win, but the board skips
    them (they still see their own rank)."""

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="hidings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_hidings"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tournament", "user"], name="tournament_hides_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} hidden from {self.tournament}"


class DailyQuestion(models.Model):
    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="daily_questions"
    )
    day = models.DateField(help_text="The meeting day (in the meeting's time zone) it is asked.")
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["tournament", "day"], name="tournament_question_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d %b %Y}: {self.text[:60]}"


class DailyChoice(models.Model):
    question = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    is_right = models.BooleanField(
        default=False,
        help_text="Tick the right answer to score only right answers; none ticked: answering "
        "scores.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class DailyAnswer(models.Model):
    question = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_answers"
    )
    choice = models.ForeignKey(DailyChoice, on_delete=models.CASCADE, related_name="answers")
    points = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="tournament_answers_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.choice}"


class PrizeDraw(models.Model):
    """A prize drawn once, from a recorded seed, so anyone can redo it and get the same
    winners."""

    class Rule(models.TextChoices):
        AT_LEAST = "at_least", "Among everyone with at least this many points"
        TOP = "top", "Among the top this many on the leaderboard"

    tournament = models.ForeignKey(Tournament, on_delete=models.CASCADE, related_name="draws")
    name = models.CharField(max_length=200)
    winners_count = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.AT_LEAST)
    threshold = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text="The points needed, or how many of the top places take part.",
    )
    seed = models.CharField(max_length=64, blank=True, editable=False)
    eligible_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    eligible_digest = models.CharField(
        max_length=64, blank=True, editable=False, help_text="SHA-256 of the eligible list."
    )
    drawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["tournament", "pk"]

    def __str__(self) -> str:
        return self.name


class PrizeWinner(models.Model):
    draw = models.ForeignKey(PrizeDraw, on_delete=models.CASCADE, related_name="winners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prize_wins"
    )
    position = models.PositiveSmallIntegerField()
    points = models.PositiveIntegerField()

    class Meta:
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "user"], name="tournament_wins_once")
        ]

    def __str__(self) -> str:
        return f"{self.draw}: {self.user}"
