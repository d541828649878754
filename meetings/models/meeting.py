"""A meeting: its dates, place, format and status, and the notices on its pages."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from timezone_field import TimeZoneField

from icis.core.images import PictureField
from icis.core.models import TimeStampedModel
from icis.core.validators import validate_currency_code


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid"
    VIRTUAL = "virtual", "Fully virtual"


class Phase(models.TextChoices):
    """Where a meeting stands, from its dates in its own time zone (never from a flag)."""

    UPCOMING = "upcoming", "Upcoming"
    UNDER_WAY = "under_way", "Under way"
    PAST = "past", "Past"


class MeetingQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Meeting.Status.DRAFT)


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not shown)"
        ANNOUNCED = "announced", "Announced"
        REGISTRATION_OPEN = "registration_open", "Registration open"
        CLOSED = "closed", "Registration closed"
        PAST = "past", "Past"

    edition = models.PositiveSmallIntegerField(help_text="9 for the 9th Annual Meeting.")
    name = models.CharField(max_length=200, help_text="For example Cytokines 2021.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The address: /meetings/<slug>/. Emails link to it."
    )
    tagline = models.CharField(max_length=300, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    time_zone = TimeZoneField(
        default="UTC", help_text="Where the meeting is held; all its times are in this zone."
    )
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    venue = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_current = models.BooleanField(
        "current meeting",
        default=False,
        help_text="The meeting the home page shows. Only one meeting can be current.",
    )
    welcome_text = models.TextField(blank=True, help_text="Markdown: the meeting's introduction.")
    hero_image = PictureField(
        "banner",
        upload_to="meetings/",
        alt_field="hero_image_alt",
        width_field="hero_image_width",
        height_field="hero_image_height",
        help_text="A wide picture at the top of the meeting's page (and when the page is shared): "
        "JPEG, PNG or WebP, at most 8 MB; at least 1600 pixels across looks best.",
    )
    hero_image_alt = models.CharField(
        "banner description",
        max_length=200,
        blank=True,
        help_text="What the banner shows, for people who cannot see it. Required with a banner.",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    currency = models.CharField(
        max_length=3,
        default="USD",
        validators=[validate_currency_code],
        help_text="The ISO 4217 code registrations are charged in: USD, GBP, EUR…",
    )
    welcome_letter = models.TextField(
        blank=True,
        help_text="Markdown: the host's letter, or a summary of it in the society's words.",
    )
    signature_block = models.TextField(
        blank=True,
        help_text="Who signs the letter, one line each: only for the host's own letter. "
        "Empty: the text is shown as a summary of the host's message, unsigned.",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="meetings_one_current_meeting",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="meetings_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The meeting cannot end before it starts."})

    @property
    def has_virtual_platform(self) -> bool:
        """Fully virtual and hybrid meetings have the virtual platform (on demand, posters,
        exhibitors, tournament) for their confirmed attendees."""
        return self.format in (Format.VIRTUAL, Format.HYBRID)

    def local_today(self, now: datetime | None = None) -> date:
        """Today's date where the meeting is held."""
        return (now or timezone.now()).astimezone(self.time_zone).date()

    def phase(self, now: datetime | None = None) -> Phase:
        """Upcoming before its first day, under way until its last day ends, then past."""
        today = self.local_today(now)
        if today < self.start_date:
            return Phase.UPCOMING
        if today <= self.end_date:
            return Phase.UNDER_WAY
        return Phase.PAST

    def at(self, day, clock: time) -> datetime:
        """A wall-clock time on a day of the meeting, in the meeting's zone (DST included)."""
        return datetime.combine(day, clock, tzinfo=self.time_zone)


class FormatChange(models.Model):
    """A dated change of format (2021: hybrid to fully virtual), shown on the meeting's page."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="format_changes")
    changed_on = models.DateField()
    from_format = models.CharField(max_length=20, choices=Format.choices)
    to_format = models.CharField(max_length=20, choices=Format.choices)
    title = models.CharField(max_length=200)
    explanation = models.TextField(help_text="Markdown.")

    class Meta:
        ordering = ["-changed_on"]

    def __str__(self) -> str:
        return self.title


class Accreditation(models.Model):
    """Continuing medical education credits a meeting has been granted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="accreditations")
    body = models.CharField("accrediting body", max_length=300)
    credits = models.DecimalField(
        max_digits=5, decimal_places=1, help_text="For example 18 European CME credits (ECMEC®s)."
    )
    credit_name = models.CharField(max_length=100, default="European CME credits (ECMEC®s)")
    statement = models.TextField(help_text="Markdown: the accreditation statement.")
    granted_on = models.DateField(null=True, blank=True)
    claim_until = models.DateField(
        "credits claimed until",
        null=True,
        blank=True,
        help_text="The last day attendees may claim these credits. Empty: no end.",
    )

    class Meta:
        ordering = ["body"]

    def __str__(self) -> str:
        return f"{self.body}: {self.credits.normalize()} {self.credit_name}"


class ComplianceNotice(models.Model):
    """A compliance assessment, such as MedTech Europe's Ethical MedTech."""

    class Status(models.TextChoices):
        COMPLIANT = "compliant", "Compliant"
        PENDING = "pending", "Under assessment"
        NOT_COMPLIANT = "not_compliant", "Not compliant"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="compliance_notices"
    )
    scheme = models.CharField(
        max_length=300, help_text="For example MedTech Europe Code of Ethical Business Practice."
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    assessed_on = models.DateField(null=True, blank=True)
    statement = models.TextField(help_text="Markdown.")

    class Meta:
        ordering = ["scheme"]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.get_status_display()}"
