"""The panel that judges a cycle: members, conflicts, reviews and scores, and the recipients
the society lists."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from icis.core.models import TimeStampedModel
from icis.core.validators import validate_logo

from .applications import Application
from .programs import AwardCycle, AwardProgram, Criterion


class PanelMember(models.Model):
    """A reviewer on a cycle's judging panel."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="panel")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_panels"
    )
    is_chair = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reviewer__last_name", "reviewer__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "reviewer"], name="award_panel_member_once")
        ]

    def __str__(self) -> str:
        return str(self.reviewer)


class Conflict(models.Model):
    """A reviewer must not judge this application; declared by them or recorded by staff."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_conflicts"
    )
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="award_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.reason}"


class Review(models.Model):
    """An assignment of one application to one reviewer, and, once submitted, their scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_reviews"
    )
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
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="award_review_once")
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]

    def __str__(self) -> str:
        return f"Review of {self.application} by {self.reviewer}"

    def get_absolute_url(self) -> str:
        return reverse("awards:review", kwargs={"review_id": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="award_score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="award_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class Recipient(TimeStampedModel):
    """Someone who received an award, as the public list shows them. Made when a decision is
    released, or entered by staff for earlier years."""

    program = models.ForeignKey(AwardProgram, on_delete=models.PROTECT, related_name="recipients")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1980)])
    name = models.CharField(max_length=200)
    institution = models.CharField(max_length=200, blank=True)
    citation = models.CharField(max_length=300, blank=True)
    photo = models.ImageField(
        upload_to="awards/recipients/", blank=True, validators=[validate_logo]
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="recipient"
    )
    is_public = models.BooleanField("shown on the site", default=True)

    class Meta:
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["program", "-year"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.program.name} {self.year})"


def weighted_mean(pairs: list[tuple[int, int]]) -> Decimal:
    """(score, weight) pairs to a mean on the 1 to 5 scale, two decimals."""
    total_weight = sum(weight for _, weight in pairs)
    value = Decimal(sum(score * weight for score, weight in pairs)) / Decimal(total_weight)
    return value.quantize(Decimal("0.01"))
