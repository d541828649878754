"""The staff dashboard on the admin index: how the society is doing, in charts with their
tables and CSV files. Only staff with the `site_pages.view_dashboard` permission see it."""

from datetime import datetime

from django.utils import timezone

from icis.accounts.staff import acts_as_staff

from . import activity, figures
from .figures import Chart

PERMISSION = "site_pages.view_dashboard"


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


def can_view_dashboard(request) -> bool:
    """Staff acting as staff (two-factor passed) whose account holds the permission."""
    return acts_as_staff(request) and request.user.has_perm(PERMISSION)
