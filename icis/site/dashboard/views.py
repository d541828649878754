"""The dashboard's CSV downloads (the dashboard itself is drawn on the admin index by the
`dashboard` template tag)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_GET

from icis.core.spreadsheets import csv_response

from . import can_view_dashboard, dashboard_panels_recent


@require_GET
def chart_csv(request, slug: str):
    """One chart's figures as CSV (those the page shows), every cell made safe for a
    spreadsheet."""
    if not can_view_dashboard(request):
        raise PermissionDenied
    panels, _ = dashboard_panels_recent()
    chart = next((chart for chart in panels if chart.slug == slug), None)
    if chart is None:
        raise Http404("No such chart.")
    return csv_response(f"icis-{slug}.csv", chart.csv_header, chart.csv_rows)
