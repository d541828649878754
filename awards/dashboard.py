"""Award figures for the staff dashboard: one aggregate query, whatever the number of
applications."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .models import Application, AwardCycle, Review


def award_calls_in_progress(*, now: datetime | None = None) -> list[dict]:
    """Each award call that has opened and is still open or has submitted applications and
    nominations without a released decision: how many are submitted, reviewed (at least one
    review in) and decided. One query."""
    now = now or timezone.now()
    submitted = Q(applications__status=Application.Status.SUBMITTED)
    reviewed = Review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
    reviewed_ids = Application.objects.filter(Exists(reviewed)).values("pk")
    calls = (
        AwardCycle.objects.filter(opens_at__lte=now)
        .annotate(
            submitted=Count("applications", filter=submitted),
            reviewed=Count("applications", filter=submitted & Q(applications__in=reviewed_ids)),
            decided=Count("applications", filter=submitted & ~Q(applications__decision="")),
            unreleased=Count(
                "applications",
                filter=submitted & Q(applications__decision_released_at__isnull=True),
            ),
        )
        .filter(Q(closes_at__gt=now) | Q(unreleased__gt=0))
        .values("pk", "program__name", "year", "closes_at", "submitted", "reviewed", "decided")
        .order_by("closes_at", "pk")
    )
    return [
        {
            "id": call["pk"],
            "name": f"{call['program__name']} {call['year']}",
            "closes_at": call["closes_at"],
            "submitted": call["submitted"],
            "reviewed": call["reviewed"],
            "decided": call["decided"],
        }
        for call in calls
    ]
