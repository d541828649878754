"""Emptying the database after a transactional test, in milliseconds instead of most of a
second.

Django's flush truncates every table (a few hundred) and then sends `post_migrate`, which makes
the content types, permissions and the default site again and reinstalls the page-generation
triggers. After the first flush of the run this module notes what that leaves (the "clean"
state: which tables hold rows, what those rows are, how many triggers exist). Each later flush
deletes the rows of the tables that hold rows now and were empty then, and moves the page
generation on as `post_migrate` does. When anything else changed (a row of the clean state
edited or removed, a table or trigger added or dropped, as a migration test does), or the
quick way fails for any reason, the test gets Django's full flush, and the clean state is
noted again after it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections, transaction

GENERATION_TABLE = "icis_page_generation"


@dataclass(frozen=True)
class _Clean:
    tables: frozenset[str]
    digests: dict[str, str]  # table -> digest of its rows, for the tables that hold rows
    triggers: int


_clean: dict[str, _Clean] = {}


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _tables(connection) -> frozenset[str]:
    """What Django's flush empties."""
    return frozenset(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _triggers(cursor) -> int:
    cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")
    return cursor.fetchone()[0]


def _exists_sql(connection, table: str) -> str:
    return f"EXISTS (SELECT 1 FROM {_quote(connection, table)})"  # noqa: S608


def _digest_sql(connection, table: str) -> str:
    quoted = _quote(connection, table)
    return f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t)"  # noqa: S608


def _note_clean(connection) -> None:
    tables = _tables(connection)
    with connection.cursor() as cursor:
        names = sorted(tables)
        cursor.execute("SELECT " + ", ".join(_exists_sql(connection, t) for t in names))
        filled = [t for t, rows in zip(names, cursor.fetchone(), strict=True) if rows]
        digests = {}
        if filled:
            cursor.execute("SELECT " + ", ".join(_digest_sql(connection, t) for t in filled))
            digests = dict(zip(filled, cursor.fetchone(), strict=True))
        _clean[connection.alias] = _Clean(tables, digests, _triggers(cursor))


def _quick_flush(connection) -> bool:
    """Back to the clean state by deleting the rows added since; False (nothing done) when
    that would not be the clean state."""
    clean = _clean.get(connection.alias)
    if clean is None or connection.in_atomic_block:
        return False
    if _tables(connection) != clean.tables:
        return False
    empty = sorted(clean.tables - clean.digests.keys())
    kept = sorted(clean.digests)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if _triggers(cursor) != clean.triggers:
            return False
        cursor.execute(
            "SELECT "
            + ", ".join(
                [_digest_sql(connection, t) for t in kept]
                + [_exists_sql(connection, t) for t in empty]
            )
        )
        row = cursor.fetchone()
        if list(row[: len(kept)]) != [clean.digests[t] for t in kept]:
            return False
        for table, has_rows in zip(empty, row[len(kept) :], strict=True):
            if has_rows:
                cursor.execute(f"DELETE FROM {_quote(connection, table)}")  # noqa: S608
        # As post_migrate does after Django's flush (icis.core.pagegeneration.install).
        cursor.execute("SELECT to_regclass(%s)", [GENERATION_TABLE])
        if cursor.fetchone()[0]:
            cursor.execute(f"UPDATE {GENERATION_TABLE} SET n = n + 1, p = p + 1 WHERE id = 1")  # noqa: S608
    return True


STATS = {"quick": 0, "full": 0}


def fixture_teardown(original):
    """`TransactionTestCase._fixture_teardown` that flushes quickly when it can."""

    def _fixture_teardown(self):
        if self.available_apps is not None or self.serialized_rollback:
            return original(self)
        aliases = self._databases_names(include_mirrors=False)
        try:
            done = all([_quick_flush(connections[alias]) for alias in aliases])
        except Exception:  # Django's flush below says what is wrong, if anything
            done = False
        if done:
            STATS["quick"] += 1
            return None
        STATS["full"] += 1
        original(self)
        for alias in aliases:
            _clean.pop(alias, None)
            _note_clean(connections[alias])
        return None

    return _fixture_teardown
