"""A meeting's call for abstracts, its topics, and the abstracts submitted to it with their
authors and affiliations (in the order the submitter gives them)."""

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from icis.core.models import TimeStampedModel
from meetings.models import Meeting

from . import markup

# The hard bounds of what a form accepts, whatever a call sets (a call's own limits are lower).
TITLE_MAX_LENGTH = 300
BODY_MAX_LENGTH = 20_000
KEYWORDS_MAX_LENGTH = 300
AUTHORS_MAX = 50
AFFILIATION_MAX_LENGTH = 300


class Preference(models.TextChoices):
    ORAL = "oral", "Oral presentation"
    POSTER = "poster", "Poster"
    EITHER = "either", "Either"


class AbstractCall(TimeStampedModel):
    """One call per meeting. Its times are moments (stored in UTC); pages show them in the
    meeting's zone and, with JavaScript, in the visitor's."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="abstract_call")
    introduction = models.TextField(blank=True, help_text="Plain text shown on the call's page.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    late_breaking_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Optional: a late-breaking window, after the call closes."
    )
    late_breaking_closes_at = models.DateTimeField(null=True, blank=True)
    body_limit = models.PositiveIntegerField(
        default=2500,
        validators=[MinValueValidator(1), MaxValueValidator(BODY_MAX_LENGTH)],
        help_text="Characters, counted as the page's counter counts them (superscript and "
        "subscript markers are not counted).",
    )
    max_authors = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(1), MaxValueValidator(AUTHORS_MAX)]
    )
    max_per_presenter = models.PositiveSmallIntegerField(
        "abstracts per presenting author",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="How many submitted abstracts one person may present.",
    )
    conflicts_required = models.BooleanField(
        "conflict of interest statement required", default=True
    )
    publication_consent_required = models.BooleanField(
        "consent to publication required",
        default=True,
        help_text="In the abstract book and the society's journals' supplement.",
    )
    blind_review = models.BooleanField(
        default=True, help_text="Reviewers do not see authors or affiliations."
    )
    presenter_registered_by = models.DateField(
        "presenting author registered by",
        null=True,
        blank=True,
        help_text="Presenting authors of accepted abstracts must be registered by this day "
        "(checked when decisions are made).",
    )
    reviews_per_abstract = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    decisions_on = models.DateField(
        "decisions announced on",
        null=True,
        blank=True,
        help_text="The day authors hear the decisions: shown to them under My meetings.",
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = "call for abstracts"
        verbose_name_plural = "calls for abstracts"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="abstracts_call_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(
                    late_breaking_opens_at__isnull=True, late_breaking_closes_at__isnull=True
                )
                | Q(
                    late_breaking_opens_at__gte=F("closes_at"),
                    late_breaking_closes_at__gt=F("late_breaking_opens_at"),
                ),
                name="abstracts_call_late_breaking_after_close",
            ),
        ]

    def __str__(self) -> str:
        return f"Call for abstracts, {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("abstracts:call", kwargs={"slug": self.meeting.slug})

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The call must close after it opens."
        opens, closes = self.late_breaking_opens_at, self.late_breaking_closes_at
        if (opens is None) != (closes is None):
            field = "late_breaking_closes_at" if closes is None else "late_breaking_opens_at"
            errors[field] = "Give both ends of the late-breaking window, or neither."
        elif opens is not None:
            if self.closes_at and opens < self.closes_at:
                errors["late_breaking_opens_at"] = (
                    "The late-breaking window opens after the call closes."
                )
            elif closes <= opens:
                errors["late_breaking_closes_at"] = (
                    "The late-breaking window must close after it opens."
                )
        if errors:
            raise ValidationError(errors)

    def window(self, now: datetime | None = None) -> str | None:
        """Which window takes abstracts now: "regular", "late_breaking", or None."""
        now = now or timezone.now()
        if self.opens_at <= now < self.closes_at:
            return "regular"
        if (
            self.late_breaking_opens_at
            and self.late_breaking_opens_at <= now < self.late_breaking_closes_at
        ):
            return "late_breaking"
        return None

    def is_open(self, now: datetime | None = None) -> bool:
        return self.window(now) is not None

    def next_close(self, now: datetime | None = None) -> datetime | None:
        """When the window open now closes (None when none is open)."""
        window = self.window(now)
        if window == "regular":
            return self.closes_at
        if window == "late_breaking":
            return self.late_breaking_closes_at
        return None

    def has_opened(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.opens_at


class AbstractTopic(models.Model):
    call = models.ForeignKey(AbstractCall, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="abstracts_topic_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Abstract(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Decision(models.TextChoices):
        """Recorded by staff after review, held, then released to the authors once."""

        ORAL = "oral", "Accepted: oral presentation"
        POSTER = "poster", "Accepted: poster"
        REJECT = "reject", "Not accepted"
        WAITLIST = "waitlist", "Waiting list"

    # The decisions that accept an abstract (it is presented, and published once released).
    ACCEPTED = (Decision.ORAL, Decision.POSTER)

    call = models.ForeignKey(AbstractCall, on_delete=models.PROTECT, related_name="abstracts")
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="abstracts"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_late_breaking = models.BooleanField(default=False)
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    topic = models.ForeignKey(
        AbstractTopic, null=True, blank=True, on_delete=models.PROTECT, related_name="abstracts"
    )
    preference = models.CharField(max_length=10, choices=Preference.choices, blank=True)
    body = models.TextField(blank=True)
    keywords = models.CharField(max_length=KEYWORDS_MAX_LENGTH, blank=True)
    conflicts = models.TextField(
        "conflicts of interest", blank=True, help_text="As the authors declare them."
    )
    publication_consent = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the draft's reminder before the deadline went."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_released_at = models.DateTimeField(
        null=True, blank=True, help_text="When the decision email was queued. Then it is final."
    )
    board_number = models.CharField(
        max_length=20, blank=True, help_text="An accepted poster's board, e.g. P-12."
    )
    talk = models.OneToOneField(
        "meetings.Talk",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="abstract",
        help_text="An accepted oral abstract's talk in the program.",
    )
    presenter_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the presenting author confirmed they will present."
    )
    oral_session = models.ForeignKey(
        "meetings.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The program session an oral acceptance goes into when released.",
    )
    presenter_reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reminder to register before the date went."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["call", "status"], name="abstracts_call_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "board_number"],
                condition=~models.Q(board_number=""),
                name="abstracts_one_poster_per_board",
            ),
        ]

    def __str__(self) -> str:
        return markup.plain(self.title) or f"Abstract {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse(
            "abstracts:edit", kwargs={"slug": self.call.meeting.slug, "abstract_id": self.pk}
        )

    @property
    def number(self) -> str:
        return f"A-{self.pk:04d}"

    @property
    def body_length(self) -> int:
        return markup.text_length(self.body)

    def deadline(self, now: datetime | None = None) -> datetime | None:
        """Until when the author may change it: a submitted abstract until its window
        closes; a draft until the window open now closes."""
        if self.status == self.Status.WITHDRAWN:
            return None
        if self.status == self.Status.SUBMITTED:
            if self.is_late_breaking:
                return self.call.late_breaking_closes_at
            return self.call.closes_at
        return self.call.next_close(now)

    def is_editable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        deadline = self.deadline(now)
        return deadline is not None and self.call.has_opened(now) and now < deadline


class Affiliation(models.Model):
    """An institution, numbered by its place in the abstract's list (1, 2, ...)."""

    abstract = models.ForeignKey(Abstract, on_delete=models.CASCADE, related_name="affiliations")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=AFFILIATION_MAX_LENGTH)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["abstract", "number"], name="abstracts_affiliation_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Author(models.Model):
    """An author in the abstract's order. Linked to an account when their email is one's."""

    abstract = models.ForeignKey(Abstract, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="abstract_authorships",
    )
    affiliation_numbers = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    is_presenting = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["abstract", "position"], name="abstracts_author_unique_position"
            ),
            models.UniqueConstraint(
                fields=["abstract"],
                condition=Q(is_presenting=True),
                name="abstracts_one_presenting_author",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation_marks(self) -> str:
        return ",".join(str(number) for number in self.affiliation_numbers)


# Reviewing (panel, conflicts, reviews, scores, rubric) lives in its own module.
from .book_models import AbstractBook  # noqa: E402, F401  (registered with the app's models)
from .models_review import (  # noqa: E402, F401
    AbstractConflict,
    AbstractCriterion,
    AbstractPanelMember,
    AbstractReview,
    AbstractScore,
)
