"""What attendees do with posters: opens (counted, never who), questions to the presenter,
and best-poster voting."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..models import Meeting

QUESTION_MAX_LENGTH = 1000
ANSWER_MAX_LENGTH = 2000


class PosterOpenDay(models.Model):
    """How many times attendees opened a poster on one day: a number, no names."""

    poster = models.ForeignKey("posters.Poster", on_delete=models.CASCADE, related_name="open_days")
    day = models.DateField()
    opens = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poster", "day"], name="posters_one_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.poster_id} on {self.day}: {self.opens}"


class PosterReader(models.Model):
    """One row per attendee who opened a poster, to count distinct readers. `reader` is a keyed
    digest of (poster, account), different for every poster: it names nobody and cannot link
    one person's reading across posters."""

    poster = models.ForeignKey("posters.Poster", on_delete=models.CASCADE, related_name="readers")
    reader = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poster", "reader"], name="posters_reader_once")
        ]

    def __str__(self) -> str:
        return f"A reader of poster {self.poster_id}"


class QuestionBatch(models.Model):
    """The new questions of one poster sent to its presenter in one email."""

    poster = models.ForeignKey(
        "posters.Poster", on_delete=models.CASCADE, related_name="question_batches"
    )
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Questions on {self.poster} at {self.created_at:%d %b %H:%M}"


class PosterQuestion(models.Model):
    poster = models.ForeignKey("posters.Poster", on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poster_questions",
    )
    text = models.TextField(max_length=QUESTION_MAX_LENGTH)
    # The form's one-time token: a double submit stores the question once.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField()
    batch = models.ForeignKey(
        QuestionBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    answer = models.TextField(max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField("hidden by staff", default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["poster", "batch"], name="posters_question_batch")]

    def __str__(self) -> str:
        return self.text[:60]


class VoteCategory(models.Model):
    """A best-poster prize attendees vote for, e.g. "Best trainee poster"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="vote_categories")
    name = models.CharField(max_length=200)
    posters = models.ManyToManyField(
        "posters.Poster",
        blank=True,
        related_name="vote_categories",
        help_text="The posters that compete. None chosen: every poster shown in the gallery.",
    )
    closes_at = models.DateTimeField(help_text="No vote is taken from this moment.")
    results_released = models.BooleanField(
        default=False, help_text="Attendees see the counts (staff always do)."
    )
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name_plural = "vote categories"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="posters_category_name")
        ]

    def __str__(self) -> str:
        return self.name


class PosterVote(models.Model):
    """One attendee's vote in one category: final once given."""

    category = models.ForeignKey(VoteCategory, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poster_votes",
    )
    poster = models.ForeignKey("posters.Poster", on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "voter"],
                condition=Q(voter__isnull=False),
                name="posters_one_vote_per_category",
            )
        ]

    def __str__(self) -> str:
        return f"A vote in {self.category_id} for poster {self.poster_id}"


__all__ = [
    "PosterOpenDay",
    "PosterQuestion",
    "PosterReader",
    "PosterVote",
    "QuestionBatch",
    "VoteCategory",
]
