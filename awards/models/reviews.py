"""The panel that judges a cycle: members, conflicts, reviews and scores (on the review
engine's abstract models, `icis.review.models`), and the recipients the society lists."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from icis.core.images import PictureField
from icis.core.models import TimeStampedModel
from icis.review.models import (
    SCORE_MAX,
    SCORE_MIN,
    ConflictBase,
    PanelMemberBase,
    ReviewBase,
    ScoreBase,
)

from .applications import Application
from .programs import AwardCycle, AwardProgram, Criterion


class PanelMember(PanelMemberBase):
    """A reviewer on a cycle's judging panel."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="panel")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_panels"
    )

    class Meta:
        ordering = ["reviewer__last_name", "reviewer__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "reviewer"], name="award_panel_member_once")
        ]


class Conflict(ConflictBase):
    """A reviewer must not judge this application; declared by them or recorded by staff."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_conflicts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="award_conflict_once")
        ]


class Review(ReviewBase):
    """An assignment of one application to one reviewer, and, once submitted, their scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_reviews"
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


class Score(ScoreBase):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="award_score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="award_score_1_to_5",
            ),
        ]


class Recipient(TimeStampedModel):
    """Someone who received an award, as the public list shows them. Made when a decision is
    released, or entered by staff for earlier years."""

    program = models.ForeignKey(AwardProgram, on_delete=models.PROTECT, related_name="recipients")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1980)])
    name = models.CharField(max_length=200)
    institution = models.CharField(max_length=200, blank=True)
    citation = models.CharField(max_length=300, blank=True)
    photo = PictureField(
        upload_to="awards/recipients/",
        alt_field="photo_alt",
        width_field="photo_width",
        height_field="photo_height",
        help_text="Optional: a portrait, JPEG, PNG or WebP, at most 8 MB.",
    )
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="For example: Portrait of Jane Doe. Required with a photo.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="recipient"
    )
    is_public = models.BooleanField("shown on the site", default=True)

    class Meta:
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["program", "-year"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.program.name} {self.year})"
