"""The staff dashboard on the admin index: how the society is doing, in charts with their
tables and CSV files. Only staff with the `site_pages.view_dashboard` permission see it."""

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from icis.accounts.staff import acts_as_staff
from icis.core.pagecache import generation as page_generation

from . import activity, figures
from .figures import Chart

PERMISSION = "site_pages.view_dashboard"

# The figures are kept this long, and recounted every minute by a scheduled task
# (`icis.site.tasks.dashboard_figures_count`): at 100,000 members counting them takes most of a
# second (benchmarks/dashboard.py), which staff then never wait for. The key also holds the
# page generation (it moves whenever a membership, meeting or call changes) and the day, so a
# change staff make shows on their next visit; money, registrations, abstracts and emails show
# within a minute or two. The generation is the page cache's: read at most once a second per
# process, and at once after a form this process answered.
CACHE_SECONDS = 180


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


def _cache_key(now: datetime) -> str | None:
    generation, _ = page_generation.current(now)
    if generation is None:
        return None
    return f"dashboard:{generation}:{timezone.localdate(now):%Y-%m-%d}"


def dashboard_panels_count() -> tuple[list[Chart], datetime]:
    """Count every figure now and keep them for the next visits."""
    now = timezone.now()
    counted = (dashboard_panels(now=now), now)
    key = _cache_key(now)
    if key is not None:
        cache.set(key, counted, CACHE_SECONDS)
    return counted


def dashboard_panels_recent() -> tuple[list[Chart], datetime]:
    """The charts as counted at most CACHE_SECONDS ago, and when they were counted."""
    key = _cache_key(timezone.now())
    kept = cache.get(key) if key is not None else None
    return kept if kept is not None else dashboard_panels_count()


def can_view_dashboard(request) -> bool:
    """Staff acting as staff (two-factor passed) whose account holds the permission."""
    return acts_as_staff(request) and request.user.has_perm(PERMISSION)
