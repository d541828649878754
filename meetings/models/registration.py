"""How a meeting sells places: settings, refund rules, categories, fee windows, fees,
promo codes, and the registrations themselves."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from icis.core.models import TimeStampedModel
from icis.core.money import format_money

from .meeting import Meeting


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
