"""Award figures for the staff dashboard: one aggregate query, whatever the number of
applications."""

from datetime import datetime

from django.utils import timezone

from icis.review.selectors import rounds_in_progress

from .services.reviewing import award_reviews


def award_calls_in_progress(*, now: datetime | None = None) -> list[dict]:
    """Each award call that has opened and is still open or has submitted applications and
    nominations without a released decision: how many are submitted, reviewed (at least one
    review in) and decided. One query."""
    return rounds_in_progress(
        kind=award_reviews,
        now=now or timezone.now(),
        fields=("program__name", "year"),
        name=lambda call: f"{call['program__name']} {call['year']}",
    )
