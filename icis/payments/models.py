import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from icis.core.money import format_money


class Payment(models.Model):
    """One checkout: what the payer owes for one or more line items, and how it was paid.
    Domain objects (a membership term, a registration) point at their payment."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        REFUNDED = "refunded", "Refunded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        # Stripe disagrees with the payment (its amount or currency was changed there): a person
        # looks at it; nothing is fulfilled until then.
        REVIEW = "review", "Needs review"

    class Provider(models.TextChoices):
        STRIPE = "stripe", "Card (Stripe)"
        MANUAL = "manual", "Recorded by staff"

    class ManualMethod(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CHEQUE = "cheque", "Cheque"
        CASH = "cash", "Cash"
        WAIVED = "waived", "Fee waived"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    # Kept on the payment: receipts are financial records and outlive the account's details.
    payer_name = models.CharField(max_length=300)
    payer_email = models.EmailField(max_length=254)
    description = models.CharField(max_length=300)
    currency = models.CharField(max_length=3)
    amount = models.PositiveIntegerField(help_text="In minor units (cents, pence).")
    amount_refunded = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    provider = models.CharField(max_length=10, choices=Provider.choices, default=Provider.STRIPE)
    provider_reference = models.CharField(
        max_length=255, blank=True, help_text="Stripe PaymentIntent id, or the bank reference."
    )
    manual_method = models.CharField(max_length=20, choices=ManualMethod.choices, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    review_reason = models.CharField(max_length=500, blank=True)
    # A chargeback opened at the payer's bank, as Stripe last reported it ("needs_response",
    # "under_review", "won", "lost", ...); empty when there is none.
    dispute_status = models.CharField(max_length=30, blank=True)
    dispute_reference = models.CharField(max_length=255, blank=True)
    dispute_amount = models.PositiveIntegerField(null=True, blank=True)
    # Where the payer goes once paid (a path on this site, set by the domain that asked).
    next_url = models.CharField(max_length=200, default="/my/")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    receipt_year = models.PositiveSmallIntegerField(null=True, blank=True)
    receipt_sequence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_year", "receipt_sequence"], name="payments_receipt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["provider_reference"],
                condition=Q(provider="stripe") & ~Q(provider_reference=""),
                name="payments_one_payment_per_intent",
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount")),
                name="payments_refund_within_amount",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount_display} ({self.get_status_display()})"

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def amount_refunded_display(self) -> str:
        return format_money(self.amount_refunded, self.currency)

    @property
    def refundable_amount(self) -> int:
        return self.amount - self.amount_refunded

    @property
    def receipt_number(self) -> str:
        if self.receipt_sequence is None:
            return ""
        return f"ICIS-{self.receipt_year}-{self.receipt_sequence:05d}"

    @property
    def is_paid(self) -> bool:
        return self.status in (
            self.Status.PAID,
            self.Status.PARTIALLY_REFUNDED,
            self.Status.REFUNDED,
        )

    def get_pay_url(self) -> str:
        return reverse("payments:pay", kwargs={"public_id": self.public_id})

    def get_receipt_url(self) -> str:
        return reverse("payment_receipt", kwargs={"payment_id": self.pk})


class LineItem(models.Model):
    """One thing paid for. `kind` names the domain handler that fulfils it ("membership")."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField(help_text="The domain object this item pays for.")
    description = models.CharField(max_length=300)
    amount = models.PositiveIntegerField(help_text="In minor units.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.payment.currency)


class ReceiptCounter(models.Model):
    """The last receipt number given out in a year. Locked while a number is taken, so numbers
    run without gaps or duplicates however many payments are confirmed at once."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_sequence = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_sequence}"


class Refund(models.Model):
    """A refund, recorded as `pending` before Stripe is asked (so a retry after a crash asks
    again with the same idempotency key), then `succeeded` or `failed`. Refunds made in Stripe's
    dashboard arrive by webhook and are recorded here as succeeded, with no `created_by`."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending at Stripe"
        SUCCEEDED = "succeeded", "Refunded"
        FAILED = "failed", "Failed"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUCCEEDED)
    amount = models.PositiveIntegerField(help_text="In minor units.")
    reason = models.CharField(max_length=300, blank=True)
    provider_reference = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_reference"],
                condition=~Q(provider_reference=""),
                name="payments_one_refund_per_stripe_refund",
            ),
        ]

    def __str__(self) -> str:
        return f"Refund of {format_money(self.amount, self.payment.currency)}"


class StripeCustomer(models.Model):
    """The Stripe customer that holds a user's cards."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stripe_customer"
    )
    customer_id = models.CharField(max_length=255, unique=True)

    def __str__(self) -> str:
        return self.customer_id


class WebhookEvent(models.Model):
    """Every Stripe event received, once: a replayed event finds its id here and changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class SavedCard(models.Model):
    """The card a member saved for automatic renewal (Stripe keeps the card; this names it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_card"
    )
    payment_method = models.CharField(max_length=255)
    brand = models.CharField(max_length=30, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.brand.title() or 'Card'} ending {self.last4}"
