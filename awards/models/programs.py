"""Award programs and their yearly calls: what a call asks for and the rubric it is judged by."""

from datetime import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from icis.core.models import TimeStampedModel
from icis.core.money import format_money
from icis.core.pdfs import MAX_UPLOAD_MB, PDF_MAX_PAGES
from icis.review.models import CriterionBase
from members.career import CareerStage

# Whatever a call's own limit (or none), no document or letter has more pages than PDF_MAX_PAGES:
# a panel reads nothing longer, and the count always fits the page-count column.


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

    class AbstractRule(models.TextChoices):
        NONE = "", "No abstract needed"
        SUBMITTED = "submitted", "An abstract submitted to the meeting"
        ACCEPTED = "accepted", "An abstract accepted for the meeting"

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
    abstract_required = models.CharField(
        "abstract",
        max_length=10,
        choices=AbstractRule.choices,
        blank=True,
        default=AbstractRule.NONE,
        help_text="A travel award may ask for the applicant's abstract to the meeting above: "
        "the application names it, and judges see its review score.",
    )
    enter_trainee_abstracts = models.BooleanField(
        "enter trainees' abstracts",
        default=False,
        help_text="Staff may enter every trainee presenting an abstract that qualifies, "
        "without their applying (Enter trainees' abstracts, on the call's page).",
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
        if (self.abstract_required or self.enter_trainee_abstracts) and not self.meeting_id:
            raise ValidationError(
                {"meeting": "Choose the meeting whose abstracts this award is linked to."}
            )
        if self.enter_trainee_abstracts and not self.abstract_required:
            raise ValidationError(
                {"abstract_required": "Say which abstracts count before entering them."}
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


class Criterion(CriterionBase):
    """One line of the cycle's scoring rubric. Reviewers score each from 1 to 5."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="criteria")

    class Meta:
        ordering = ["ordering", "id"]
