import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter.

    31 January plus one month is 28 February (29 in a leap year)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, months: int | None) -> date | None:
    """A term of 12 months from 1 March 2026 ends on 28 February 2027."""
    if months is None:
        return None
    return add_months(start, months) - timedelta(days=1)
