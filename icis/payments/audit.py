"""What the audit log records about payments and saved cards (values as stored; see
`icis.core.audit`)."""

from django.db import models

from icis.core.audit import audit_actions


@audit_actions("Payments")
class PaymentAction(models.TextChoices):
    CREATE = "payment.create", "Payment started"
    PAID = "payment.paid", "Payment received"
    CANCEL = "payment.cancel", "Payment cancelled"
    REVIEW = "payment.review", "Payment held for review"
    REFUND = "payment.refund", "Payment refunded"
    DISPUTE = "payment.dispute", "Payment disputed"
    CARD_SAVED = "card.saved", "Card saved"
    CARD_FORGOTTEN = "card.forgotten", "Saved card removed"
