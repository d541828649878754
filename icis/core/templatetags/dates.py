"""Dates in words in templates, through the one formatter in icis.core.dates."""

from django import template

from icis.core.dates import date_range_text, day_text, html_datetime

register = template.Library()


@register.filter
def date_range(start, end):
    """{{ meeting.start_date|date_range:meeting.end_date }}: 17 to 20 October 2021, or
    27 February to 2 March 2027, each joined with an en dash."""
    if not start or not end:
        return ""
    return date_range_text(start, end)


@register.filter
def date_range_weekdays(start, end):
    """{{ meeting.start_date|date_range_weekdays:meeting.end_date }}: Sunday 17 October to
    Wednesday 20 October 2021."""
    if not start or not end:
        return ""
    return date_range_text(start, end, weekdays=True)


@register.filter
def day_in_words(day, weekday=False):
    """{{ some_date|day_in_words }}: 17 October 2021; with `:True`, Sunday 17 October 2021."""
    return day_text(day, weekday=bool(weekday)) if day else ""


@register.filter(name="html_datetime", expects_localtime=True)
def html_datetime_filter(value):
    """<time datetime="{{ post.publish_at|html_datetime }}">: a day as 2021-10-17, a moment
    in the active time zone as 2021-08-30T10:00:00+01:00, as HTML's datetime attribute allows
    (never with microseconds)."""
    return html_datetime(value) if value else ""
