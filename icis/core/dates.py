"""How the site writes dates and date ranges in words, in one place: pages, emails and PDFs
all name every month and year a range spans ("27 February to 2 March 2027" is never written
as "27 to 2 March 2027"). Ranges are joined with an en dash: closed up between two days of one
month, spaced between fuller dates."""

from datetime import date, datetime

EN_DASH = "\u2013"


def day_text(day: date, *, weekday: bool = False) -> str:
    """17 October 2021, or Sunday 17 October 2021."""
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def date_range_text(start: date, end: date, *, weekdays: bool = False) -> str:
    """A range written as briefly as it stays clear: the month and year once when both days
    share them, each month (and year) when they do not. With weekdays each day keeps its month,
    as in "Sunday 17 October to Wednesday 20 October 2021". tests/core/test_dates.py shows
    every case."""
    if end < start:
        start, end = end, start
    if start == end:
        return day_text(start, weekday=weekdays)
    if weekdays:
        first = f"{start:%A} {start.day} {start:%B}"
        if start.year != end.year:
            first += f" {start.year}"
        return f"{first} to {day_text(end, weekday=True)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{day_text(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} {EN_DASH} {day_text(end)}"
    return f"{day_text(start)} {EN_DASH} {day_text(end)}"


def html_datetime(value: date | datetime) -> str:
    """The value of a `datetime` attribute, as HTML allows it: 2021-10-17 for a day;
    2021-10-17T13:00:00+01:00 for a moment, to the second and with its offset (HTML allows at
    most three digits of a second; Python's isoformat writes six when there are microseconds).
    A moment is written in its own zone: templates hand it over in the active one."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
