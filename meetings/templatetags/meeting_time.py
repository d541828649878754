from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def meeting_time(moment, meeting):
    """A time in the meeting's zone, machine-readable so the page's script can add the
    visitor's own local time beside it."""
    local = moment.astimezone(meeting.time_zone)
    return format_html(
        '<time datetime="{}" data-local-time>{}</time>',
        moment.isoformat(),
        local.strftime("%H:%M"),
    )


@register.filter
def zone_abbreviation(day, meeting):
    """BST or GMT, CEST or CET: the zone's name on that day (it changes with daylight saving)."""
    from datetime import datetime, time

    return datetime.combine(day, time(12), tzinfo=meeting.time_zone).strftime("%Z")
