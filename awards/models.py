"""Award programs and their yearly calls, the applications and nominations they receive, the
panel that judges them, and the recipients the society lists."""

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from icis.core.models import TimeStampedModel
from icis.core.money import format_money
from icis.core.validators import validate_logo
from members.models import CareerStage

MAX_UPLOAD_MB = 10
# Whatever a call's own limit (or none), no document or letter has more pages than this: a
# panel reads nothing longer, and the count always fits the page-count column.
PDF_MAX_PAGES = 200


def private_storage():
    """Applicants' files live outside the public media folder and are served only through a
    view that checks who is asking."""
    return storages["private"]


def _private_path(instance, filename: str) -> str:
    return f"awards/{instance.application.cycle_id}/{uuid.uuid4().hex}.pdf"


class Level(models.TextChoices):
    SENIOR = "senior", "Senior"
    MID_CAREER = "mid_career", "Mid-career"
    YOUNG_INVESTIGATOR = "young_investigator", "Young investigator"
    TRAINEE = "trainee", "Trainee"
    TRAVEL = "travel", "Travel"
    SERVICE = "service", "Service"


class AwardProgram(TimeStampedModel):
    """An award the society gives, year after year, with the rules the site can check."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The address: /awards/<slug>/. Emails link to it."
    )
    level = models.CharField(max_length=30, choices=Level.choices)
    summary = models.CharField(max_length=300, help_text="One sentence for the list of awards.")
    description = models.TextField(blank=True, help_text="Markdown: what the award recognises.")
    value_amount = models.PositiveIntegerField(
        "prize money",
        null=True,
        blank=True,
        help_text="In minor units: 100000 is 1,000.00. Empty when there is no cash prize.",
    )
    currency = models.CharField(max_length=3, default="USD")
    benefits = models.CharField(
        max_length=300,
        blank=True,
        help_text="What else the recipient receives, e.g. a plenary talk, a plaque.",
    )
    membership_required = models.BooleanField(
        "applicants must be members",
        default=False,
        help_text="An active membership (or one in its grace period) when applying.",
    )
    career_stages = ArrayField(
        models.CharField(max_length=30, choices=CareerStage.choices),
        default=list,
        blank=True,
        help_text="Only candidates at these career stages are eligible. Empty: any stage.",
    )
    max_years_since_degree = models.PositiveSmallIntegerField(
        "at most this many years since the highest degree",
        null=True,
        blank=True,
        help_text="Counted from the year in the profile to the year of the call. Empty: no limit.",
    )
    declaration = models.CharField(
        "statement the applicant confirms",
        max_length=300,
        blank=True,
        help_text="For a rule the site cannot check, e.g. \u201cI am within 5 years of my first "
        "independent position.\u201d The answer is stored; nothing else about it is.",
    )
    grants_registration = models.BooleanField(
        "recipients get a complimentary registration",
        default=False,
        help_text="For the meeting and category set on the call.",
    )
    grants_membership_type = models.ForeignKey(
        "members.MembershipType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="recipients get a complimentary membership",
        help_text="A term of this type is granted to each recipient.",
    )
    is_active = models.BooleanField("shown on the site", default=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("awards:program", kwargs={"slug": self.slug})

    @property
    def value_display(self) -> str:
        return format_money(self.value_amount, self.currency) if self.value_amount else ""

    def career_stage_labels(self) -> list[str]:
        return [CareerStage(stage).label for stage in self.career_stages]


class AwardCycle(TimeStampedModel):
    """One year's call for an award: when it is open, what it asks for, how it is judged."""

    class Intake(models.TextChoices):
        APPLICATIONS = "applications", "Applications"
        NOMINATIONS = "nominations", "Nominations"
        BOTH = "both", "Applications and nominations"

    program = models.ForeignKey(AwardProgram, on_delete=models.CASCADE, related_name="cycles")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1980)])
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(help_text="Nothing can be submitted or changed after this.")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_cycles",
        help_text="The meeting the award is presented at (or a travel award brings people to).",
    )
    registration_category = models.ForeignKey(
        "meetings.RegistrationCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="The category of the complimentary registration recipients receive.",
    )
    awards_available = models.PositiveSmallIntegerField(default=1)
    intake = models.CharField(max_length=20, choices=Intake.choices, default=Intake.APPLICATIONS)
    call_text = models.TextField(
        blank=True, help_text="Markdown: anything particular to this year."
    )
    letters_required = models.PositiveSmallIntegerField(
        "referee letters required", default=0, validators=[MaxValueValidator(5)]
    )
    letter_max_pages = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(PDF_MAX_PAGES)]
    )
    letters_close_at = models.DateTimeField(
        "letters accepted until",
        null=True,
        blank=True,
        help_text="Referees can still upload until then, after the call has closed. "
        "Empty: letters close with the call.",
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    decision_note_awarded = models.TextField(
        "message to recipients",
        blank=True,
        help_text="Added to the decision email; the standard wording is sent around it.",
    )
    decision_note_declined = models.TextField("message to those not selected", blank=True)
    decision_note_waitlisted = models.TextField("message to those on the waiting list", blank=True)

    class Meta:
        ordering = ["-year", "program__ordering"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="award_cycle_once_a_year"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="award_cycle_closes_after"
            ),
            models.CheckConstraint(
                condition=Q(letters_close_at__isnull=True)
                | Q(letters_close_at__gte=models.F("closes_at")),
                name="award_cycle_letters_close_after_call",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.year}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The call must close after it opens."})
        if self.letters_close_at and self.closes_at and self.letters_close_at < self.closes_at:
            raise ValidationError(
                {
                    "letters_close_at": "Letters cannot close before the call does; leave it empty "
                    "to close them with the call."
                }
            )
        if self.registration_category_id and not self.meeting_id:
            raise ValidationError({"meeting": "Choose the meeting of the registration category."})
        if (
            self.registration_category_id
            and self.registration_category.meeting_id != self.meeting_id
        ):
            raise ValidationError(
                {"registration_category": "This category belongs to another meeting."}
            )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def letters_deadline(self) -> datetime:
        return self.letters_close_at or self.closes_at

    def letters_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.letters_deadline

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def takes_applications(self) -> bool:
        return self.intake in (self.Intake.APPLICATIONS, self.Intake.BOTH)

    @property
    def takes_nominations(self) -> bool:
        return self.intake in (self.Intake.NOMINATIONS, self.Intake.BOTH)


class DocumentKind(models.TextChoices):
    CV = "cv", "CV"
    STATEMENT = "statement", "Personal statement"
    ABSTRACT = "abstract", "Abstract"
    PUBLICATIONS = "publications", "Publication list"
    NOMINATION = "nomination", "Nomination letter"
    LETTER = "letter", "Referee letter"


class RequiredDocument(models.Model):
    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        max_length=20, choices=[c for c in DocumentKind.choices if c[0] != DocumentKind.LETTER]
    )
    max_pages = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(PDF_MAX_PAGES)],
        help_text=f"Empty: up to {PDF_MAX_PAGES}, the most any PDF may have.",
    )
    max_mb = models.PositiveSmallIntegerField(
        "largest file (MB)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_UPLOAD_MB)],
    )
    instructions = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="award_document_kind_once")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def limits(self) -> str:
        most = self.max_pages or PDF_MAX_PAGES
        return f"PDF, at most {most} page{'s' if most != 1 else ''}, up to {self.max_mb} MB"


class Criterion(models.Model):
    """One line of the cycle's scoring rubric. Reviewers score each from 1 to 5."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    guidance = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordering", "id"]

    def __str__(self) -> str:
        return f"{self.name} (weight {self.weight})"


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Application.Status.SUBMITTED)


class Application(TimeStampedModel):
    """An application (the candidate applies) or a nomination (a member proposes someone).

    The candidate's details are copied from their profile at submit, so judging sees what was
    submitted and conflicts are checked against it."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "Application"
        NOMINATION = "nomination", "Nomination"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Decision(models.TextChoices):
        AWARDED = "awarded", "Awarded"
        WAITLISTED = "waitlisted", "Waiting list"
        DECLINED = "declined", "Not selected"

    cycle = models.ForeignKey(AwardCycle, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.APPLICATION)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_applications",
        help_text="The applicant, or the member who nominated the candidate.",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_candidacies",
        help_text="The candidate's account, when they have one.",
    )
    candidate_name = models.CharField(max_length=200, blank=True)
    candidate_email = models.EmailField(blank=True)
    candidate_institution = models.CharField(max_length=200, blank=True)
    candidate_career_stage = models.CharField(
        max_length=30, choices=CareerStage.choices, blank=True
    )
    candidate_degree_year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField("title of the work or nomination", max_length=300, blank=True)
    summary = models.TextField(blank=True, max_length=3000, help_text="Up to 3,000 characters.")
    declaration_confirmed = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    citation = models.CharField(
        max_length=300, blank=True, help_text="Shown with the recipient on the public list."
    )
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
    benefits_note = models.CharField(max_length=500, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One application of one's own per call; nominations are one per nominator and
            # candidate address.
            models.UniqueConstraint(
                fields=["cycle", "created_by"],
                condition=Q(kind="application"),
                name="award_one_application_per_call",
            ),
            models.UniqueConstraint(
                fields=["cycle", "created_by", "candidate_email"],
                condition=Q(kind="nomination"),
                name="award_one_nomination_per_candidate",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        who = self.candidate_name or str(self.created_by)
        return f"{self.get_kind_display()} of {who} for {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("awards:application", kwargs={"application_id": self.pk})

    @property
    def is_nomination(self) -> bool:
        return self.kind == self.Kind.NOMINATION

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=_private_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField()
    referee = models.OneToOneField(
        "RefereeRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="letter"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=~Q(kind="letter"),
                name="award_document_once_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("awards:file", kwargs={"document_id": self.pk})


REFEREE_REMINDER_GAP = timedelta(days=1)


class RefereeRequest(models.Model):
    """A letter asked of a referee, who uploads it through a signed link without an account."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "email"], name="award_referee_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def reminder_from(self) -> datetime:
        """A referee is emailed at most once a day: a reminder waits a day after the last."""
        return (self.reminded_at or self.requested_at) + REFEREE_REMINDER_GAP

    def reminder_allowed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.reminder_from


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
