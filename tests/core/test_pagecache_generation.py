"""Every table of public content bumps the page cache's generation; the tables that do not are
listed with a reason."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction

from icis.core import pagegeneration
from tests.factories import MeetingFactory, post_create
from tests.factories.awards import AwardCycleFactory


def _tables_with_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [pagegeneration.TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_table_is_covered_or_excluded_with_a_reason():
    triggered = _tables_with_trigger()
    missing = [
        m._meta.label
        for m in apps.get_models(include_auto_created=True)
        if pagegeneration.is_covered(m) and m._meta.db_table not in triggered
    ]
    assert not missing, f"not followed by the page cache: {missing}"
    for label, reason in pagegeneration.EXCLUDED.items():
        assert apps.get_model(label) and reason
    # The public content the brief names is followed.
    for label in (
        "news.Post",
        "site_pages.Page",
        "meetings.Meeting",
        "awards.AwardCycle",
        "abstracts.AbstractCall",
        "meetings.FeeWindow",
        "members.MembershipPrice",
    ):
        assert apps.get_model(label)._meta.db_table in triggered


@pytest.mark.django_db
def test_every_private_table_moves_the_private_number_or_is_excluded_with_a_reason():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [pagegeneration.PRIVATE_TRIGGER],
        )
        private = {row[0] for row in cursor.fetchall()}
    unfollowed = [
        m._meta.label
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
        and not m._meta.proxy
        and not pagegeneration.is_covered(m)
        and m._meta.db_table not in private
        and m._meta.app_label not in pagegeneration.PRIVATE_EXCLUDED_APPS
        and m._meta.label not in pagegeneration.PRIVATE_EXCLUDED
        and not m._meta.auto_created
    ]
    assert not unfollowed, f"not followed by the cache of signed-in pages: {unfollowed}"
    # What a member sees of their own: payments, registrations, sessions (signing out), and a
    # new password on the user row, which the public number ignores.
    for label in ("payments.Payment", "meetings.Registration", "sessions.Session", "accounts.User"):
        assert apps.get_model(label)._meta.db_table in private


@pytest.mark.django_db
def test_install_is_idempotent():
    assert pagegeneration.install() == []


@pytest.mark.django_db(transaction=True)
def test_a_commit_moves_the_generation_once_and_a_rollback_does_not():
    before = pagegeneration.current()
    with transaction.atomic():
        post_create()
        post_create()
        assert pagegeneration.current() == before  # not until the commit
    assert pagegeneration.current() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        post_create()
        raise RuntimeError
    assert pagegeneration.current() == before + 1


@pytest.mark.django_db
def test_cached_pages_expire_when_a_meeting_day_begins_anywhere_and_on_each_quarter_hour_of_it():
    start = date(2031, 5, 10)
    MeetingFactory(start_date=start, end_date=start + timedelta(days=3))
    # The 10th begins first at UTC+14, at 10:00 UTC on the 9th.
    earliest = datetime(2031, 5, 9, 10, 0, tzinfo=UTC)
    assert pagegeneration.next_change(datetime(2031, 5, 1, tzinfo=UTC)) == earliest
    # Then every zone's midnight, on the quarter hours, until the day has begun everywhere.
    during = datetime(2031, 5, 9, 23, 7, tzinfo=UTC)
    assert pagegeneration.next_change(during) == datetime(2031, 5, 9, 23, 15, tzinfo=UTC)


@pytest.mark.django_db
def test_cached_pages_expire_when_a_call_closes():
    closes = datetime(2031, 3, 1, 12, 0, tzinfo=UTC)
    AwardCycleFactory(opens_at=closes - timedelta(days=30), closes_at=closes)
    assert pagegeneration.next_change(closes - timedelta(days=1)) == closes
    assert pagegeneration.next_change(closes) is None


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_keeps_the_generation_and_a_name_change_moves_it(client):
    from django.utils import timezone

    from tests.factories import UserFactory

    user = UserFactory(first_name="Ada")
    before = pagegeneration.current()
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert pagegeneration.current() == before
    type(user).objects.filter(pk=user.pk).update(first_name="Augusta")
    assert pagegeneration.current() == before + 1
