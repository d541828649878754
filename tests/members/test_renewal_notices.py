"""Renewal notices, with the scheduler run on chosen days: due and not yet sent, exactly once."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from icis.mail.models import OutboundEmail
from members.models import Membership
from members.notices import notices_queue
from tests.factories import MembershipFactory, member_with_term

pytestmark = pytest.mark.django_db
END = date(2027, 3, 31)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, tzinfo=UTC)


def _member(membership_types, *, end=END, **profile):
    return member_with_term(ends_on=end, membership_type=membership_types["regular"], **profile)


def _notices(term) -> list[str]:
    keys = OutboundEmail.objects.filter(dedupe_key__startswith=f"renewal:{term.pk}:").order_by("pk")
    return [key.rsplit(":", 1)[1] for key in keys.values_list("dedupe_key", flat=True)]


def test_a_year_of_daily_runs_sends_each_notice_once_on_time(membership_types, settings):
    settings.MEMBERSHIP_GRACE_DAYS = 30
    term = _member(membership_types)
    sent_on = {}
    day = END - timedelta(days=90)
    while day <= END + timedelta(days=260):
        before = set(_notices(term))
        notices_queue(now=at(day))
        for key in set(_notices(term)) - before:
            sent_on[key] = (day - END).days
        day += timedelta(days=1)

    assert sent_on == {
        "reminder-60": -60,
        "reminder-30": -30,
        "reminder-7": -7,
        "ended": 0,
        "lapsed": 31,
        "winback": 121,
    }
    assert len(_notices(term)) == 6


def test_a_skipped_day_is_caught_up_the_next_run(membership_types):
    term = _member(membership_types)
    notices_queue(now=at(END - timedelta(days=31)))
    assert _notices(term) == ["reminder-60"]
    # The scheduler was down on days -30 and -29; it runs again on day -28.
    notices_queue(now=at(END - timedelta(days=28)))
    assert _notices(term) == ["reminder-60", "reminder-30"]


def test_running_again_the_same_day_sends_nothing_twice(membership_types):
    term = _member(membership_types)
    for _ in range(3):
        notices_queue(now=at(END - timedelta(days=30)))
    assert _notices(term) == ["reminder-30"]


def test_the_reminder_says_who_what_when_and_links_to_renewal(membership_types, settings):
    term = _member(membership_types)
    notices_queue(now=at(END - timedelta(days=7)))

    email = OutboundEmail.objects.get(dedupe_key=f"renewal:{term.pk}:reminder-7")
    assert email.to_email == term.user.email
    assert email.subject == "[ICIS] Your membership ends on 31 March 2027"
    assert "Dear Ada," in email.body_text
    assert "Your Regular membership" in email.body_text and "in 7 days" in email.body_text
    assert f"{settings.SITE_URL}/membership/renew/" in email.body_text
    assert "turn renewal reminders" in email.body_text
    assert "International Cytokine &amp; Interferon Society" in email.body_html
    assert "List-Unsubscribe" not in email.headers


def test_renewed_opted_out_and_auto_renewing_members_get_no_reminder(membership_types):
    renewed = _member(membership_types)
    MembershipFactory(
        user=renewed.user,
        membership_type=renewed.membership_type,
        source="renew",
        end_date=END + timedelta(days=365),
    )
    opted_out = _member(membership_types, reminders_opt_in=False)
    automatic = _member(membership_types, auto_renew=True)

    notices_queue(now=at(END - timedelta(days=14)))

    assert _notices(renewed) == []
    assert _notices(opted_out) == []
    assert _notices(automatic) == ["autorenew-notice"]
    email = OutboundEmail.objects.get(dedupe_key=f"renewal:{automatic.pk}:autorenew-notice")
    assert "charge your saved card on 24 March 2027" in email.body_text


def test_queries_per_chunk_do_not_grow_with_the_members(membership_types):
    def run_for(count: int) -> int:
        OutboundEmail.objects.all().delete()
        Membership.objects.all().delete()
        for _ in range(count):
            _member(membership_types)
        with CaptureQueriesContext(connection) as queries:
            report = notices_queue(now=at(END - timedelta(days=7)), chunk_size=10)
        assert report.queued == count
        return len(queries)

    small, large = run_for(10), run_for(40)
    # Three more chunks of ten cost eight queries each, never a query per member: the select of
    # due terms; the temporary table, INSERT ... RETURNING and truncate of the bulk queue (its
    # COPY goes past Django's query log); and two savepoint pairs, the chunk's and the queue's.
    assert large - small == 3 * 8
