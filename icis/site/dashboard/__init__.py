"""The staff dashboard on the admin index: how the society is doing, in charts with their
tables and CSV files. Only staff with the `site_pages.view_dashboard` permission see it."""

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from icis.accounts.staff import acts_as_staff
from icis.core import pagegeneration

from . import activity, figures
from .figures import Chart

PERMISSION = "site_pages.view_dashboard"

# The figures are kept this long: at 100,000 members computing them takes most of a second
# (benchmarks/dashboard.py), and staff opening the admin index again and again within a
# minute or two do not need them recomputed. The key also holds the page generation (it moves
# whenever a membership, meeting or call changes) and the day, so those show at once; money,
# registrations and emails show within this time.
CACHE_SECONDS = 120


def dashboard_panels(*, now: datetime | None = None) -> list[Chart]:
    """Every chart, in the order the page shows them. A fixed number of queries."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    return [
        figures.members_chart(on=on),
        figures.flows_chart(on=on),
        figures.pipeline_chart(on=on),
        *figures.revenue_charts(on=on),
        activity.registrations_chart(now=now),
        activity.award_calls_chart(now=now),
        activity.abstract_calls_chart(now=now),
        activity.email_chart(now=now),
    ]


def dashboard_panels_recent() -> tuple[list[Chart], datetime]:
    """The charts as computed at most CACHE_SECONDS ago, and when they were computed."""
    now = timezone.now()
    generation = pagegeneration.current()
    if generation is None:
        return dashboard_panels(now=now), now
    key = f"dashboard:{generation}:{timezone.localdate(now):%Y-%m-%d}"
    kept = cache.get(key)
    if kept is None:
        kept = (dashboard_panels(now=now), now)
        cache.set(key, kept, CACHE_SECONDS)
    return kept


def can_view_dashboard(request) -> bool:
    """Staff acting as staff (two-factor passed) whose account holds the permission."""
    return acts_as_staff(request) and request.user.has_perm(PERMISSION)
