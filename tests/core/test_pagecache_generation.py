"""Every table of public content bumps the page cache's generation; the tables that do not are
listed with a reason."""

import pytest
from django.apps import apps
from django.db import connection, transaction

from icis.core import pagegeneration
from tests.factories import post_create


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
