"""Date ranges in words: one formatter for pages, emails and PDFs."""

from datetime import date

import pytest

from icis.core.dates import date_range_text, day_text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2021, 10, 17), date(2021, 10, 17), "17 October 2021"),
        (date(2021, 10, 17), date(2021, 10, 20), "17–20 October 2021"),
        (date(2027, 2, 27), date(2027, 3, 2), "27 February – 2 March 2027"),
        (date(2026, 12, 30), date(2027, 1, 2), "30 December 2026 – 2 January 2027"),
    ],
    ids=["one day", "same month", "across months", "across years"],
)
def test_a_range_names_each_month_and_year_it_spans(start, end, text):
    assert date_range_text(start, end) == text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2021, 10, 17), date(2021, 10, 20), "Sunday 17 October to Wednesday 20 October 2021"),
        (date(2027, 2, 27), date(2027, 3, 2), "Saturday 27 February to Tuesday 2 March 2027"),
        (
            date(2026, 12, 30),
            date(2027, 1, 2),
            "Wednesday 30 December 2026 to Saturday 2 January 2027",
        ),
        (date(2021, 10, 17), date(2021, 10, 17), "Sunday 17 October 2021"),
    ],
    ids=["same month", "across months", "across years", "one day"],
)
def test_a_range_with_weekdays(start, end, text):
    assert date_range_text(start, end, weekdays=True) == text


def test_one_day_with_and_without_its_weekday():
    assert day_text(date(2027, 3, 2)) == "2 March 2027"
    assert day_text(date(2027, 3, 2), weekday=True) == "Tuesday 2 March 2027"
