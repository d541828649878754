"""Site search reads stored, indexed documents, in one statement compiled once."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from icis.site.search import RESULTS_PER_PAGE, compiled_search, site_search
from news.models import Post

pytestmark = pytest.mark.django_db

SEARCHED_TABLES = (
    "site_pages_page",
    "news_post",
    "meetings_meeting",
    "meetings_session",
    "abstracts_abstract",
    "awards_awardprogram",
)


def test_every_source_matches_its_stored_document_which_a_gin_index_covers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_indexes WHERE indexdef LIKE %s",
            ["%USING gin (search_document)"],
        )
        indexed = {row[0] for row in cursor.fetchall()}
    sql = compiled_search().sql

    assert indexed == set(SEARCHED_TABLES)
    matched = set(re.findall(r'"(\w+)"\.search_document\)? @@ \(websearch_to_tsquery', sql))
    assert matched == set(SEARCHED_TABLES)
    # No document is built while searching: the stored ones are matched and ranked.
    assert "to_tsvector" not in sql


def test_a_search_compiles_nothing_once_the_statement_is_built(client, monkeypatch):
    from django.db.models.sql.query import Query

    _posts(1)
    assert site_search(q="interferon").count == 1

    def compiling(*args, **kwargs):
        raise AssertionError("a queryset was compiled during a search")

    monkeypatch.setattr(Query, "sql_with_params", compiling)
    monkeypatch.setattr(Query, "get_compiler", compiling)
    assert site_search(q="signalling").count == 1
    assert client.get("/search/", {"q": "part 0"}).status_code == 200


def _posts(count: int) -> None:
    Post.objects.bulk_create(
        Post(
            title=f"Interferon signalling, part {n}",
            slug=f"part-{n}",
            summary="A summary.",
            body="Text.",
            status=Post.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    ("asked", "shown"), [(9, 3), (0, 3), (-2, 3), ("2.5", 1), (None, 1), (2, 2), ("3", 3)]
)
def test_a_page_past_the_end_shows_the_last_and_one_that_is_not_a_number_the_first(asked, shown):
    _posts(25)

    page = site_search(q="interferon", page_number=asked).page

    assert page.number == shown and page.paginator.count == 25
    titles = [result.title for result in page.object_list]
    first = (shown - 1) * RESULTS_PER_PAGE
    assert titles == [f"Interferon signalling, part {n}" for n in range(first, min(first + 10, 25))]
