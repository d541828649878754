"""`{% dashboard %}` on the admin index: the staff dashboard, for staff who may see it."""

from django import template
from django.utils import timezone

from icis.site.dashboard import can_view_dashboard, dashboard_panels_recent
from icis.site.dashboard.notes import dashboard_notes

register = template.Library()


@register.inclusion_tag("admin/dashboard/dashboard.html", takes_context=True)
def dashboard(context):
    request = context.get("request")
    if request is None or not can_view_dashboard(request):
        return {"shown": False}
    panels, computed_at = dashboard_panels_recent()
    return {
        "shown": True,
        "panels": panels,
        "computed_at": timezone.localtime(computed_at),
        "notes": dashboard_notes(now=timezone.now()),
    }
