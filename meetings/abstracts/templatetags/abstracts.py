from datetime import datetime

from django import template
from django.utils.html import format_html

from icis.core.dates import html_datetime

from .. import markup

register = template.Library()


@register.filter
def abstract_title(text: str):
    """A title with its superscripts and subscripts (meetings/abstracts/markup.py)."""
    return markup.html_inline(text or "")


@register.filter
def abstract_body(text: str):
    return markup.html(text or "")


@register.simple_tag
def call_moment(moment: datetime, meeting):
    """A moment of the call in the meeting's zone, machine-readable so local-time.js adds the
    visitor's own time beside it."""
    local = moment.astimezone(meeting.time_zone)
    return format_html(
        '<time datetime="{}" data-local-deadline>{} {}, {} {}</time>',
        html_datetime(moment),
        local.strftime("%A"),
        f"{local.day} {local:%B %Y}",
        local.strftime("%H:%M"),
        local.strftime("%Z"),
    )
