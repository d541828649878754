"""Money received, for the staff dashboard: one aggregate query, amounts kept per currency
(amounts in different currencies are never added together)."""

from datetime import date, datetime, time

from django.db.models import Case, CharField, F, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import LineItem, Payment

# Where money comes from: what members pay for by card, by the line item's kind, and what
# staff record by hand (bank transfers, cheques) whatever it pays for.
SOURCES = (("membership", "Membership"), ("registration", "Registration"), ("manual", "Manual"))

# Payments that brought money in (refunds are recorded against them, not subtracted here).
RECEIVED = (Payment.Status.PAID, Payment.Status.PARTIALLY_REFUNDED, Payment.Status.REFUNDED)


def revenue_by_month(*, since: date) -> list[dict]:
    """Money received from `since` on, by month (of the payment, in the site's time zone),
    currency and source: [{"month": date, "currency": "USD", "source": "membership",
    "amount": minor units}]. Items of another kind paid by card count under their own kind.
    One query."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, tzinfo=zone)
    rows = (
        LineItem.objects.filter(payment__status__in=RECEIVED, payment__paid_at__gte=start)
        .annotate(
            month=TruncMonth("payment__paid_at", tzinfo=zone),
            currency=F("payment__currency"),
            source=Case(
                When(payment__provider=Payment.Provider.MANUAL, then=Value("manual")),
                default=F("kind"),
                output_field=CharField(),
            ),
        )
        .values("month", "currency", "source")
        .annotate(amount=Sum("amount"))
        .order_by("currency", "month", "source")
    )
    return [
        {
            "month": row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            "currency": row["currency"].upper(),
            "source": row["source"],
            "amount": row["amount"],
        }
        for row in rows
    ]
