"""Every datetime attribute on the main public pages is one of the strings HTML allows
(https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#dates-and-times): a day, a
time, a local or a global date and time; seconds carry at most three decimals, so Python's
six digits of microseconds are never written."""

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django.template import Context, Template
from django.utils import timezone as django_timezone

from awards.models import AwardProgram
from icis.core.dates import html_datetime
from meetings import demo as meetings_demo
from tests.factories import post_create
from tests.factories.news import NewsletterIssueFactory, NewsletterItemFactory
from tests.site.page_parts import page_parts

pytestmark = pytest.mark.django_db

_YEAR = r"[0-9]{4,}"
_DATE = rf"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,3})?)?"
_OFFSET = r"(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])"
HTML_DATETIME = re.compile(
    "|".join(
        [
            _YEAR,  # a year
            rf"{_YEAR}-(0[1-9]|1[0-2])",  # a month
            _DATE,  # a date
            r"(--)?(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",  # a yearless date
            _TIME,  # a time
            rf"{_DATE}[T ]{_TIME}",  # a local date and time
            _OFFSET,  # a time-zone offset
            rf"{_DATE}[T ]{_TIME}{_OFFSET}",  # a global date and time
            rf"{_YEAR}-W(0[1-9]|[1-4][0-9]|5[0-3])",  # a week
        ]
    )
)


def is_html_datetime(value: str) -> bool:
    if not HTML_DATETIME.fullmatch(value):
        return False
    if re.match(_DATE, value):  # a real day of the calendar (no 31 February)
        try:
            date.fromisoformat(value[:10])
        except ValueError:
            return False
    return True


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2021-10-17", True),
        ("2021-10-17T09:30:00+01:00", True),
        ("2021-10-17T09:30:00.123Z", True),
        ("2021-10-17 09:30", True),
        ("2021-10-17T09:30:00.123456+00:00", False),  # microseconds
        ("2021-02-31", False),
        ("2021-10-17T25:00", False),
        ("17 October 2021", False),
    ],
)
def test_the_checker_follows_the_html_spec(value, valid):
    assert is_html_datetime(value) is valid


def test_the_filter_writes_a_moment_to_the_second_with_its_offset():
    moment = datetime(2021, 8, 30, 9, 0, 5, 123456, tzinfo=UTC)
    assert html_datetime(moment) == "2021-08-30T09:00:05+00:00"
    assert html_datetime(date(2021, 8, 30)) == "2021-08-30"
    with django_timezone.override("Europe/London"):
        rendered = Template("{% load dates %}{{ moment|html_datetime }}").render(
            Context({"moment": moment})
        )
    assert rendered == "2021-08-30T10:00:05+01:00"  # in the active zone, as the page's text
    minus = datetime(2021, 1, 1, 12, tzinfo=timezone(-timedelta(hours=5)))
    assert html_datetime(minus) == "2021-01-01T12:00:00-05:00"


def test_every_datetime_attribute_on_the_main_public_pages_is_valid_html(client, demo_content):
    # A post saved at a moment with microseconds, as every post is by default.
    post = post_create(
        slug="just-now",
        publish_at=(django_timezone.now() - timedelta(minutes=1)).replace(microsecond=654321),
    )
    issue = NewsletterIssueFactory(number=7, is_published=True)
    NewsletterItemFactory(
        issue=issue, kind="deadline", title="Abstracts", deadline=date(2027, 3, 1)
    )
    pages = [
        "/",
        "/news/",
        f"/news/{post.slug}/",
        "/news/cytokines-2021-pivots-to-fully-virtual/",
        "/newsletter/",
        "/newsletter/7/",
        "/meetings/",
        f"/meetings/{meetings_demo.SLUG}/",
        f"/meetings/{meetings_demo.SLUG}/program/",
        f"/meetings/{meetings_demo.EXAMPLE_SLUG}/",
        f"/meetings/{meetings_demo.EXAMPLE_SLUG}/abstracts/",
        "/awards/",
        *(f"/awards/{slug}/" for slug in AwardProgram.objects.values_list("slug", flat=True)),
    ]
    seen = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        values = page_parts(response.content.decode()).datetimes
        invalid = [value for value in values if not is_html_datetime(value)]
        assert not invalid, f"{path}: {invalid}"
        seen += len(values)
    # The pages above carry dates: the news, an issue's deadline, the program's sessions,
    # the abstract call's moments, the awards' deadlines.
    assert seen >= 20
