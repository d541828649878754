"""Meeting figures for the staff dashboard: aggregate queries only (one statement each,
whatever the number of registrations or abstracts)."""

from datetime import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from icis.review.selectors import rounds_in_progress

from .abstracts.reviewing import abstract_reviews
from .models import Meeting, Registration
from .selectors import meetings_by_phase


def meetings_compared(*, now: datetime | None = None) -> tuple[Meeting | None, Meeting | None]:
    """The meeting staff are selling (under way or next; the last one when none is coming)
    and the one before it, to compare registrations with. One query."""
    phases = meetings_by_phase(now=now)
    if phases.featured is not None:
        return phases.featured, phases.latest_past
    past = phases.past
    return (past[0] if past else None), (past[1] if len(past) > 1 else None)


def registrations_by_day(*, meetings: list[Meeting]) -> list[dict]:
    """Confirmed registrations of these meetings by meeting, category name and the day they were
    confirmed (in the site's time zone): [{"meeting_id", "category", "day", "count"}]. Complimentary
    places count too: they are places taken. One query."""
    zone = timezone.get_current_timezone()
    return list(
        Registration.objects.filter(
            meeting__in=meetings,
            status=Registration.Status.CONFIRMED,
            confirmed_at__isnull=False,
        )
        .annotate(day=TruncDate("confirmed_at", tzinfo=zone))
        .values("meeting_id", "category__name", "day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )


def abstract_calls_in_progress(*, now: datetime | None = None) -> list[dict]:
    """Each abstract call that has opened and still has submitted abstracts without a released
    decision (or is still open): its meeting, and how many abstracts are submitted, reviewed
    (at least one review in) and decided. One query."""
    return rounds_in_progress(
        kind=abstract_reviews,
        now=now or timezone.now(),
        fields=("meeting__name",),
        name=lambda call: f"Abstracts, {call['meeting__name']}",
    )
