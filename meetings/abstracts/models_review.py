"""Reviewing abstracts, on the review engine's abstract models (`icis.review.models`): a call's
panel (each reviewer with the topics they judge), conflicts, reviews, scores and the call's
rubric. The engine reads them through `.reviewing.AbstractReviews`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from icis.review.models import (
    SCORE_MAX,
    SCORE_MIN,
    ConflictBase,
    CriterionBase,
    PanelMemberBase,
    ReviewBase,
    ScoreBase,
)

from .models import Abstract, AbstractCall, AbstractTopic

# A call's rubric until staff change it (name, guidance, weight).
DEFAULT_RUBRIC = (
    ("Scientific quality", "Sound design, methods and analysis; conclusions the data support.", 3),
    ("Novelty", "New findings or a new approach, not a restatement of published work.", 2),
    ("Clarity", "Clear aims, results and conclusions in the space allowed.", 1),
)


class AbstractCriterion(CriterionBase):
    """One line of a call's scoring rubric."""

    call = models.ForeignKey(AbstractCall, on_delete=models.CASCADE, related_name="criteria")

    class Meta:
        ordering = ["ordering", "pk"]
        verbose_name = "review criterion"
        verbose_name_plural = "review criteria"
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="abstracts_criterion_once")
        ]


class AbstractPanelMember(PanelMemberBase):
    """A reviewer on a call's panel, judging the topics listed (none listed: every topic)."""

    call = models.ForeignKey(AbstractCall, on_delete=models.CASCADE, related_name="panel")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="abstract_panels"
    )
    topics = models.ManyToManyField(
        AbstractTopic,
        blank=True,
        related_name="panel_members",
        help_text="The topics this reviewer judges; none chosen: every topic.",
    )

    class Meta:
        ordering = ["reviewer__last_name", "reviewer__first_name"]
        verbose_name = "abstract reviewer"
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="abstracts_panel_member_once")
        ]


class AbstractConflict(ConflictBase):
    """A reviewer must not judge this abstract; declared by them or recorded by staff."""

    abstract = models.ForeignKey(
        Abstract, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="abstract_conflicts"
    )

    class Meta:
        verbose_name = "review conflict"
        constraints = [
            models.UniqueConstraint(fields=["abstract", "reviewer"], name="abstracts_conflict_once")
        ]


class AbstractReview(ReviewBase):
    """An assignment of one abstract to one reviewer, and, once submitted, their scores."""

    abstract = models.ForeignKey(Abstract, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="abstract_reviews"
    )

    class Meta:
        ordering = ["abstract_id", "id"]
        verbose_name = "abstract review"
        constraints = [
            models.UniqueConstraint(fields=["abstract", "reviewer"], name="abstracts_review_once")
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]

    def __str__(self) -> str:
        return f"Review of {self.abstract.number} by {self.reviewer}"

    def get_absolute_url(self) -> str:
        return reverse("abstracts:review", kwargs={"review_id": self.pk})


class AbstractScore(ScoreBase):
    review = models.ForeignKey(AbstractReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        AbstractCriterion, on_delete=models.CASCADE, related_name="scores"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="abstracts_score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="abstracts_score_1_to_5",
            ),
        ]
