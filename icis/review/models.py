"""The columns every kind of reviewed thing shares, as abstract models. A domain's concrete
tables inherit them and add the links that are its own (the item reviewed, the round it
belongs to, the reviewer with a related name of its own) and their constraints; the engine
reads them through the domain's `ReviewKind`.

    class PanelMember(PanelMemberBase):  cycle/call FK, reviewer FK
    class Conflict(ConflictBase):        item FK (named `ReviewKind.item_field`), reviewer FK
    class Review(ReviewBase):            item FK, reviewer FK
    class Score(ScoreBase):              review FK, criterion FK (related_name "scores")
    class Criterion(CriterionBase):      cycle/call FK (named `ReviewKind.round_field`)
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

SCORE_MIN = 1
SCORE_MAX = 5


class PanelMemberBase(models.Model):
    """A reviewer on a round's panel."""

    is_chair = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.reviewer)


class ConflictBase(models.Model):
    """A reviewer must not judge this item; declared by them or recorded by staff."""

    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.reason}"


class ReviewBase(models.Model):
    """An assignment of one item to one reviewer, and, once submitted, their scores."""

    assigned_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True, max_length=5000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    weighted_score = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The rubric's weighted mean, 1.00 to 5.00, set when submitted.",
    )

    class Meta:
        abstract = True

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ScoreBase(models.Model):
    """One criterion's score in one review, from SCORE_MIN to SCORE_MAX."""

    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class CriterionBase(models.Model):
    """One line of a round's scoring rubric. Reviewers score each from 1 to 5."""

    name = models.CharField(max_length=100)
    guidance = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} (weight {self.weight})"
