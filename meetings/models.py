from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from timezone_field import TimeZoneField

from icis.core.models import TimeStampedModel
from icis.core.money import format_money
from icis.core.validators import validate_currency_code, validate_logo


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid"
    VIRTUAL = "virtual", "Fully virtual"


class Person(TimeStampedModel):
    """A scientist named on a meeting's pages: committee member, chair, speaker. Entered once and
    reused across committees, sessions and meetings."""

    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=300, blank=True)
    country = CountryField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The person's account on this site, if they have one.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name}, {self.affiliation}" if self.affiliation else self.name


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
    hero_image = models.ImageField(upload_to="meetings/", blank=True, validators=[validate_logo])
    hero_image_alt = models.CharField("hero image description", max_length=200, blank=True)
    currency = models.CharField(
        max_length=3,
        default="USD",
        validators=[validate_currency_code],
        help_text="The ISO 4217 code registrations are charged in: USD, GBP, EUR…",
    )
    welcome_letter = models.TextField(blank=True, help_text="Markdown: the host's letter.")
    signature_block = models.TextField(blank=True, help_text="Who signs the letter, one line each.")

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


class Committee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(max_length=200)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.meeting})"


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        MEMBER = "member", "Member"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="committee_roles")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"], name="meetings_person_once_per_committee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()})"


class SponsorTier(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sponsor_tiers")
    name = models.CharField(
        max_length=100, help_text="For example Platinum, or Sponsors & Exhibitors."
    )
    rank = models.PositiveSmallIntegerField(default=100, help_text="Lower is shown first.")

    class Meta:
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.meeting})"


class Sponsor(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sponsors")
    tier = models.ForeignKey(
        SponsorTier, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsors"
    )
    name = models.CharField(max_length=200)
    logo = models.ImageField(
        upload_to="sponsors/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG or WebP, at most 1 MB.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_exhibitor = models.BooleanField("exhibitor", default=False)
    booth_text = models.TextField("virtual booth text", blank=True)
    booth_link = models.URLField("virtual booth link", blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.tier_id and self.tier.meeting_id != self.meeting_id:
            raise ValidationError({"tier": "Choose a tier of the same meeting."})


class GrantAcknowledgement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="grants")
    text = models.CharField(
        max_length=300, help_text="For example: This meeting is supported by a grant from …"
    )
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering"]

    def __str__(self) -> str:
        return self.text


class Partner(models.Model):
    """The society's partners, shown on every meeting's sponsor page and in the site footer."""

    name = models.CharField(max_length=200)
    logo = models.ImageField(upload_to="partners/", blank=True, validators=[validate_logo])
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField("shown", default=True)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


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


class ProgramDay(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "date"], name="meetings_one_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%A %-d %B}" + (f": {self.title}" if self.title else "")


class Session(models.Model):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        PLENARY = "plenary", "Plenary"
        SYMPOSIUM = "symposium", "Symposium"
        WORKSHOP = "workshop", "Workshop"
        POSTER = "poster", "Poster session"
        AWARDS = "awards", "Awards"
        OTHER = "other", "Other"

    class Delivery(models.TextChoices):
        LIVE = "live", "Live"
        ON_DEMAND = "on_demand", "On demand"

    day = models.ForeignKey(ProgramDay, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SYMPOSIUM)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.LIVE)
    start_time = models.TimeField(help_text="In the meeting's time zone.")
    end_time = models.TimeField(help_text="In the meeting's time zone.")
    track = models.CharField(max_length=100, blank=True)
    room = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    chairs = models.ManyToManyField(Person, blank=True, related_name="chaired_sessions")
    stream_url = models.URLField(blank=True, help_text="Shown only to registered attendees.")

    class Meta:
        ordering = ["day__date", "start_time", "track", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "A session must end after it starts."})

    @property
    def starts_at(self) -> datetime:
        return self.day.meeting.at(self.day.date, self.start_time)

    @property
    def ends_at(self) -> datetime:
        return self.day.meeting.at(self.day.date, self.end_time)


class Talk(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="talks")
    title = models.CharField(max_length=300)
    speakers = models.ManyToManyField(Person, through="TalkSpeaker", related_name="talks")
    start_time = models.TimeField(null=True, blank=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "start_time", "pk"]

    def __str__(self) -> str:
        return self.title


class TalkSpeaker(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["talk", "person"], name="meetings_speaker_once_per_talk"
            )
        ]

    def __str__(self) -> str:
        return self.person.name


# --- Registration ------------------------------------------------------------------------------


class RegistrationSettings(models.Model):
    """How a meeting sells places: capacity, refund policy, access details, reminders."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="registration")
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places in all. Empty: unlimited (a virtual meeting)."
    )
    hold_minutes = models.PositiveSmallIntegerField(
        default=30, help_text="How long a place is held for someone who has not paid yet."
    )
    waitlist_offer_hours = models.PositiveSmallIntegerField(
        default=48, help_text="How long someone on the waitlist has to take a freed place."
    )
    access_details = models.TextField(
        blank=True, help_text="Markdown: the stream and on-demand links, shown to attendees."
    )
    access_published = models.BooleanField("show access details to attendees", default=False)
    reminder_days_before = models.PositiveSmallIntegerField(
        default=3, help_text="The reminder with the access details goes this many days before."
    )

    def __str__(self) -> str:
        return f"Registration for {self.meeting}"


class RefundRule(models.Model):
    """Cancelled on or before `until`, the attendee gets `percent` of what they paid back."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="refund_rules")
    until = models.DateField()
    percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["until"]

    def __str__(self) -> str:
        return f"{self.percent}% refunded until {self.until:%-d %B %Y}"


class RegistrationCategory(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    requires_membership = models.BooleanField(
        default=False, help_text="Needs a membership active on the meeting's dates."
    )
    requires_trainee = models.BooleanField(
        default=False, help_text="Needs a trainee career stage (student or postdoc)."
    )
    is_public = models.BooleanField(
        "open to the public",
        default=True,
        help_text="Off for places staff give (speakers, award winners).",
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty: limited only by the meeting."
    )
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name_plural = "registration categories"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "slug"], name="meetings_category_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FeeWindow(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="fee_windows")
    name = models.CharField(max_length=100, help_text="Early bird, Regular, Late.")
    ends_on = models.DateField(help_text="The last day of this price, in the meeting's time zone.")

    class Meta:
        ordering = ["ends_on"]

    def __str__(self) -> str:
        return f"{self.name} (until {self.ends_on:%-d %B %Y})"


class Fee(models.Model):
    category = models.ForeignKey(
        RegistrationCategory, on_delete=models.CASCADE, related_name="fees"
    )
    window = models.ForeignKey(FeeWindow, on_delete=models.CASCADE, related_name="fees")
    amount = models.PositiveIntegerField(help_text="In minor units: 45000 is 450.00.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "window"], name="meetings_one_fee_per_category_window"
            )
        ]

    def __str__(self) -> str:
        price = format_money(self.amount, self.category.meeting.currency)
        return f"{self.category} / {self.window.name}: {price}"


class PromoCode(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="promo_codes")
    code = models.CharField(max_length=40, help_text="Letters and digits; case does not matter.")
    percent_off = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    amount_off = models.PositiveIntegerField(null=True, blank=True, help_text="In minor units.")
    max_uses = models.PositiveIntegerField(default=1)
    categories = models.ManyToManyField(
        RegistrationCategory, blank=True, help_text="Empty: every category."
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                models.functions.Upper("code"), "meeting", name="meetings_promo_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(percent_off__isnull=True) ^ Q(amount_off__isnull=True),
                name="meetings_promo_percent_or_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def discount_on(self, amount: int) -> int:
        if self.percent_off is not None:
            return amount * self.percent_off // 100
        return min(self.amount_off or 0, amount)


class RegistrationQuerySet(models.QuerySet):
    def holding_places(self, now):
        """Confirmed places, and unpaid ones still within their hold."""
        return self.filter(
            Q(status=Registration.Status.CONFIRMED)
            | Q(status=Registration.Status.PENDING, hold_expires_at__gt=now)
        )


class Registration(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting payment"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    category = models.ForeignKey(
        RegistrationCategory, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    fee_window = models.CharField(max_length=100, blank=True)
    list_price = models.PositiveIntegerField(default=0)
    discount = models.PositiveIntegerField(default=0)
    amount = models.PositiveIntegerField(default=0, help_text="What was charged, in minor units.")
    promo_code = models.ForeignKey(
        PromoCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_complimentary = models.BooleanField(default=False)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.PositiveIntegerField(default=0)
    badge_name = models.CharField(max_length=100)
    affiliation = models.CharField(max_length=200)
    country = CountryField()
    accessibility_needs = models.TextField(blank=True)
    list_consent = models.BooleanField("appear in the attendee list", default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=~Q(status="cancelled"),
                name="meetings_one_registration_per_person",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.badge_name}: {self.category} ({self.get_status_display()})"


class WaitlistEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        OFFERED = "offered", "Offered a place"
        TAKEN = "taken", "Took the place"
        EXPIRED = "expired", "Offer expired"
        LEFT = "left", "Left the waitlist"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="waitlist")
    category = models.ForeignKey(
        RegistrationCategory, on_delete=models.CASCADE, related_name="waitlist"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "waitlist"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(status__in=["waiting", "offered"]),
                name="meetings_once_on_the_waitlist",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.category} ({self.get_status_display()})"


class Announcement(TimeStampedModel):
    """An email to the meeting's confirmed registrants (or one category), sent once each."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="announcements")
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    category = models.ForeignKey(
        RegistrationCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Empty: every confirmed registrant.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class CmeClaim(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="cme_claim"
    )
    credits = models.DecimalField(max_digits=5, decimal_places=1)
    evaluation = models.JSONField(default=dict)
    claimed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.credits} credits: {self.registration}"
