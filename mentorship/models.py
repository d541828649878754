"""Mentors' opt-in profiles, trainees' requests, pairings with their check-ins and feedback,
and speed mentoring at the annual meeting (in `speed_models`)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from icis.core.models import TimeStampedModel


class Offer(models.TextChoices):
    CAREER = "career", "Career advice"
    SCIENCE = "science", "A scientific question"
    REVIEW = "review", "A CV or grant review"
    LAB_VISIT = "lab_visit", "A lab visit"


class Format(models.TextChoices):
    CONVERSATION = "conversation", "One conversation"
    PAIRING = "pairing", "A six-month pairing"


class MentorProfile(TimeStampedModel):
    """A member who offers to mentor. Their expertise is their profile's research interests
    plus the keywords given here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    keywords = models.CharField(
        max_length=300, blank=True, help_text="Topics you can help with, separated by commas."
    )
    offers = ArrayField(models.CharField(max_length=20, choices=Offer.choices), default=list)
    formats = ArrayField(models.CharField(max_length=20, choices=Format.choices), default=list)
    capacity = models.PositiveSmallIntegerField(
        "mentees at once", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    languages = models.CharField(
        max_length=200, blank=True, help_text="For example English, French."
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    is_paused = models.BooleanField(
        "paused", default=False, help_text="While paused, trainees are not shown you."
    )
    staff_paused_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Mentor {self.user.get_full_name() or self.user.email}"

    @property
    def is_listed(self) -> bool:
        return not self.is_paused and self.staff_paused_at is None

    def offer_labels(self) -> list[str]:
        return [Offer(value).label for value in self.offers]

    def format_labels(self) -> list[str]:
        return [Format(value).label for value in self.formats]


class MentorshipRequest(models.Model):
    """A trainee asks one mentor. The mentor answers within the answer window or it expires."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired without an answer"
        WITHDRAWN = "withdrawn", "Withdrawn"

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_requests"
    )
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="requests")
    goals = models.TextField(max_length=2000)
    topics = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    note = models.TextField("mentor's note", max_length=1000, blank=True)
    created_at = models.DateTimeField()
    answer_by = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "answer_by"])]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "mentor"],
                condition=Q(status="pending"),
                name="mentorship_one_pending_request_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"Request #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("mentorship:request", kwargs={"request_id": self.pk})


class Pairing(models.Model):
    """An accepted request: a mentor and a trainee working together on agreed goals."""

    request = models.OneToOneField(
        MentorshipRequest, on_delete=models.CASCADE, related_name="pairing"
    )
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="pairings")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_pairings"
    )
    format = models.CharField(max_length=20, choices=Format.choices)
    goals = models.TextField("agreed goals", max_length=4000, blank=True)
    started_at = models.DateTimeField()
    # The next monthly check-in reminder (six-month pairings only; none after one conversation).
    next_check_in_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Pairing #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("mentorship:pairing", kwargs={"pairing_id": self.pk})

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CheckInSent(models.Model):
    """A monthly check-in reminder sent for a pairing: one per pairing and due day."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "due_on"], name="mentorship_one_check_in_per_due_day"
            )
        ]

    def __str__(self) -> str:
        return f"Check-in for {self.pairing} due {self.due_on}"


class Feedback(models.Model):
    """What one side thought of a pairing at its end: read by staff only."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_feedback"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "author"], name="mentorship_one_feedback_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.pairing}"


from .speed_models import SpeedSeat, SpeedSession, SpeedTable  # noqa: E402

__all__ = [
    "CheckInSent",
    "Feedback",
    "Format",
    "MentorProfile",
    "MentorshipRequest",
    "Offer",
    "Pairing",
    "SpeedSeat",
    "SpeedSession",
    "SpeedTable",
]
