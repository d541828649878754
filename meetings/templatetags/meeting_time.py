from datetime import datetime, time

from django import template
from django.utils.html import format_html

from icis.core.dates import html_datetime

register = template.Library()

# One way to write a time of day everywhere on the meeting's pages: 24-hour, the zone named
# once after the range ("15:30 to 16:30 BST", joined by an en dash). static/js/local-time.js
# writes the visitor's own time the same way.
CLOCK = "%H:%M"


@register.simple_tag
def meeting_time_range(starts, ends, meeting):
    """A session's times in the meeting's zone, machine-readable so the page's script can add
    the same range in the visitor's own zone beside it."""
    start, end = starts.astimezone(meeting.time_zone), ends.astimezone(meeting.time_zone)
    return format_html(
        '<span class="time-range" data-local-range><time datetime="{}">{}</time>\u2013'
        '<time datetime="{}">{}</time> {}</span>',
        html_datetime(starts),
        start.strftime(CLOCK),
        html_datetime(ends),
        end.strftime(CLOCK),
        start.strftime("%Z"),
    )


@register.filter
def zone_abbreviation(day, meeting):
    """BST or GMT, CEST or CET: the zone's name on that day (it changes with daylight saving)."""
    return datetime.combine(day, time(12), tzinfo=meeting.time_zone).strftime("%Z")
