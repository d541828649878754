"""The page cache's trigger decides in SQL which abstracts anonymous pages show; the abstract
list, its pages, the book and site search read `published()`. The two say the same of every
abstract, for every status, decision, release and meeting status, and of every abstract's
authors and affiliations."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meetings.abstracts.models import Abstract, Affiliation, Author
from meetings.abstracts.publishing import of_published_sql, published, published_sql
from meetings.models import Meeting
from tests.factories import (
    AbstractCallFactory,
    AbstractFactory,
    AffiliationFactory,
    AuthorFactory,
)

pytestmark = pytest.mark.django_db


def _where(table: str, condition: str, column: str = "id") -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} AS row WHERE {condition}")  # noqa: S608  # nosec B608
        return {value for (value,) in cursor.fetchall()}


def test_the_trigger_s_condition_and_published_agree_abstract_by_abstract():
    calls = [
        AbstractCallFactory(meeting__status=status, meeting__slug=f"cytokines-{status}")
        for status in Meeting.Status.values
    ]
    released = timezone.now() - timedelta(days=1)
    for call, status, decision, is_released in itertools.product(
        calls,
        Abstract.Status.values,
        ["", *Abstract.Decision.values],
        (False, True),
    ):
        abstract = AbstractFactory(
            call=call,
            status=status,
            decision=decision,
            decision_released_at=released if is_released else None,
        )
        AuthorFactory(abstract=abstract, position=1)
        AffiliationFactory(abstract=abstract, number=1)
    combinations = len(calls) * len(Abstract.Status.values) * (len(Abstract.Decision.values) + 1)
    assert Abstract.objects.count() == combinations * 2

    shown = set(published().values_list("pk", flat=True))
    assert shown  # some of each kind, so the comparison says something
    assert Abstract.objects.exclude(pk__in=shown).exists()
    assert _where(Abstract._meta.db_table, published_sql("row")) == shown
    for model in (Author, Affiliation):
        assert _where(model._meta.db_table, of_published_sql("row"), "abstract_id") == shown
