from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, Q
from django.urls import reverse
from django_countries.fields import CountryField

from icis.core.models import TimeStampedModel
from icis.core.money import format_money
from icis.core.validators import validate_currency_code

from .career import TRAINEE_STAGES, CareerStage
from .validators import validate_orcid


class MembershipType(TimeStampedModel):
    """A kind of membership staff offer: its price, term and who may choose it."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(
        blank=True, help_text="Markdown: who it is for, what it includes."
    )
    currency = models.CharField(
        "default currency",
        max_length=3,
        default="USD",
        validators=[validate_currency_code],
        help_text="What joining and renewing on the membership pages charge in; it needs a "
        "price below. A meeting checkout charges in the meeting's currency, where a price is set.",
    )
    term_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="12 for one year, 36 for three. Empty for a lifetime membership.",
    )
    career_stages = ArrayField(
        models.CharField(max_length=30, choices=CareerStage.choices),
        default=list,
        blank=True,
        help_text="Only members at these career stages may choose it. Empty: anyone.",
    )
    is_purchasable = models.BooleanField(
        "members can buy it",
        default=True,
        help_text="Off for staff-granted types such as Honorary and Lifetime.",
    )
    is_active = models.BooleanField("offered", default=True)
    ordering = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name

    def price_in(self, currency: str) -> int | None:
        """The price in `currency`, in minor units; None when the type is not sold in it.
        Uses prefetched prices (`prefetch_related("prices")`) when there are some."""
        currency = currency.upper()
        return next(
            (price.amount for price in self.prices.all() if price.currency == currency), None
        )

    @property
    def price_display(self) -> str:
        """The price in the default currency, then any others: "$150.00 (also £120.00)"."""
        prices = sorted(self.prices.all(), key=lambda price: price.currency != self.currency)
        if not prices:
            return "no price set"
        shown = [format_money(price.amount, price.currency) for price in prices]
        return shown[0] + (f" (also {', '.join(shown[1:])})" if shown[1:] else "")

    def price_display_in(self, currency: str) -> str:
        amount = self.price_in(currency)
        return "" if amount is None else format_money(amount, currency)

    @property
    def term_display(self) -> str:
        if self.term_months is None:
            return "lifetime"
        if self.term_months % 12 == 0:
            years = self.term_months // 12
            return f"{years} year{'s' if years > 1 else ''}"
        return f"{self.term_months} months"

    def career_stage_labels(self) -> list[str]:
        return [CareerStage(stage).label for stage in self.career_stages]


class MembershipPrice(models.Model):
    """What a membership type costs in one currency it is sold in. A payment holds one
    currency, so a type is sold with a meeting registration only where it has a price in the
    meeting's currency."""

    membership_type = models.ForeignKey(
        MembershipType, on_delete=models.CASCADE, related_name="prices"
    )
    currency = models.CharField(max_length=3, validators=[validate_currency_code])
    amount = models.PositiveIntegerField(help_text="In minor units: 15000 is 150.00.")

    class Meta:
        ordering = ["membership_type", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership_type", "currency"], name="members_one_price_per_currency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_type}: {format_money(self.amount, self.currency)}"


# What a member edits on their profile (their name is on the account).
PROFILE_FIELDS = (
    "title",
    "degrees",
    "degree_year",
    "institution",
    "department",
    "country",
    "career_stage",
    "research_interests",
    "orcid",
    "directory_opt_in",
    "newsletter_opt_in",
    "reminders_opt_in",
)


class MemberProfile(TimeStampedModel):
    """What a member tells the society about themselves. Every account has one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    title = models.CharField(max_length=30, blank=True, help_text="For example Dr or Prof.")
    degrees = models.CharField(max_length=100, blank=True, help_text="For example PhD, MD.")
    degree_year = models.PositiveSmallIntegerField(
        "year of highest degree",
        null=True,
        blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2100)],
    )
    institution = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    country = CountryField(blank=True)
    career_stage = models.CharField(max_length=30, choices=CareerStage.choices, blank=True)
    research_interests = models.TextField(blank=True, max_length=1000)
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="16 characters in four groups, like 0000-0002-1825-0097.",
    )
    directory_opt_in = models.BooleanField(
        "list me in the member directory",
        default=False,
        help_text="Other members can then find your name, institution, country and interests.",
    )
    newsletter_opt_in = models.BooleanField("send me the Signals+ newsletter", default=False)
    reminders_opt_in = models.BooleanField(
        "remind me before my membership ends",
        default=True,
    )
    auto_renew = models.BooleanField(
        "renew automatically with my saved card",
        default=False,
        help_text="Turned on and off from the automatic renewal page, where the card is saved.",
    )

    class Meta:
        indexes = [models.Index(fields=["country"])]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def is_trainee(self) -> bool:
        return self.career_stage in TRAINEE_STAGES

    def missing_for_membership(self) -> list[str]:
        """What must be filled in before joining: the society needs to know where you work
        and your career stage (it decides which memberships you may choose)."""
        required = {
            "institution": "institution",
            "country": "country",
            "career_stage": "career stage",
        }
        missing = [label for field, label in required.items() if not getattr(self, field)]
        if not (self.user.first_name and self.user.last_name):
            missing.insert(0, "name")
        return missing


class MembershipQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, cancelled_at__isnull=True)

    def pending(self):
        return self.filter(confirmed_at__isnull=True, cancelled_at__isnull=True)

    def covering(self, day: date):
        """Confirmed terms that include `day` (lifetime terms have no end)."""
        return (
            self.confirmed()
            .filter(start_date__lte=day)
            .filter(Q(end_date__gte=day) | Q(end_date__isnull=True))
        )

    def covers_dates(self, *, user, first_day, last_day) -> Exists:
        """The member rate's rule, as a condition to filter or annotate with: `user` has a
        confirmed membership on `first_day` and on `last_day` (terms follow on from one
        another, so it holds throughout). The grace period after a term is not membership.
        Each argument may be a value or an expression (`OuterRef("meeting__start_date")`)."""
        return Exists(self.covering(first_day).filter(user=user)) & Exists(
            self.covering(last_day).filter(user=user)
        )


class Membership(TimeStampedModel):
    """One term of membership. Pending until paid; its dates are set when it is confirmed, so a
    renewal always continues from wherever the member's membership then ends."""

    class Source(models.TextChoices):
        JOIN = "join", "Joined online"
        RENEW = "renew", "Renewed online"
        IMPORT = "import", "Imported"
        COMPLIMENTARY = "complimentary", "Complimentary"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    membership_type = models.ForeignKey(
        MembershipType, on_delete=models.PROTECT, related_name="memberships"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Empty for a lifetime membership.")
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        constraints = [
            # However many tabs or clicks, a member has at most one term awaiting payment.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(confirmed_at__isnull=True, cancelled_at__isnull=True),
                name="members_one_pending_term_per_user",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="members_term_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["end_date"]), models.Index(fields=["user", "end_date"])]

    def __str__(self) -> str:
        if self.start_date:
            end = f"{self.end_date:%d %b %Y}" if self.end_date else "lifetime"
            return f"{self.membership_type} {self.start_date:%d %b %Y} to {end}"
        return f"{self.membership_type} (awaiting payment)"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None and self.cancelled_at is None

    def get_absolute_url(self) -> str:
        return reverse("members:portal")


class RenewalCharge(models.Model):
    """One automatic renewal attempt on a saved card. Unique per term and attempt, so however
    often the schedule runs, or on however many workers, each attempt charges at most once."""

    class Outcome(models.TextChoices):
        CLAIMED = "claimed", "Being charged"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not charged"

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="renewal_charges",
        help_text="The term being renewed.",
    )
    attempt = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.CLAIMED)
    message = models.CharField(max_length=300, blank=True)
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["membership", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "attempt"], name="members_one_charge_per_attempt"
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.attempt} for {self.membership}: {self.get_outcome_display()}"


class RenewalNoticeSent(models.Model):
    """A renewal notice queued for a term. Each notice goes to a term once: this row, not the
    email (which the outbox may retry, fail or prune), is what says it went."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="renewal_notices",
        help_text="The term the notice is about.",
    )
    notice = models.CharField(
        max_length=60, help_text='Which notice, such as "reminder-30", "ended" or "lapsed".'
    )
    queued_at = models.DateTimeField()

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = "renewal notice sent"
        verbose_name_plural = "renewal notices sent"
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "notice"], name="members_one_notice_per_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} for {self.membership}"
