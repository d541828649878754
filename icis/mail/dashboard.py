"""The outbox's health, for the staff dashboard: one aggregate query."""

from django.db.models import Count, Min, Q

from .models import OutboundEmail


def outbox_health() -> dict:
    """How many emails failed (after their retries), how many wait to be sent (queued or being
    sent) and when the oldest waiting one was queued."""
    Status = OutboundEmail.Status
    waiting = Q(status__in=[Status.QUEUED, Status.SENDING])
    return OutboundEmail.objects.aggregate(
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        waiting=Count("pk", filter=waiting),
        oldest_waiting=Min("created_at", filter=waiting),
    )
