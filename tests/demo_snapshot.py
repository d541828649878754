"""The demo content, loaded once per run and copied into each test that asks for it.

Loading the whole demo takes seconds (hundreds of services run for real); a test that only
needs the content to be there gets the same rows copied back in a few milliseconds. `capture`
runs the real loader once, on the migrated database with nothing else in it, inside a
transaction it rolls back, and keeps every row the loader wrote (PostgreSQL's `xmin` names
them) and every file it stored. `Snapshot.restore` writes the rows back in the caller's
transaction (rolled back with the test, or committed by a transactional test, as a real load
would be) and puts back any stored file that is missing.

Tests that check the loader itself (loading twice changes nothing, staff edits survive) still
call it for real on top of the copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction


class _Rollback(Exception):
    """Leaves the capture's transaction without keeping anything."""


@dataclass
class _Table:
    name: str
    pk: str
    columns: list[str]
    replaced: list  # primary keys of rows that were there before the load (changed or removed)
    rows: bytes  # COPY text of every row the loader wrote


@dataclass
class Snapshot:
    tables: list[_Table] = field(default_factory=list)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def restore(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            for table in self.tables:
                quoted = connection.ops.quote_name(table.name)
                pk = connection.ops.quote_name(table.pk)
                if table.replaced:
                    cursor.execute(f"DELETE FROM {quoted} WHERE {pk} = ANY(%s)", [table.replaced])  # noqa: S608
                if table.rows:
                    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
                    with raw.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
                        copy.write(table.rows)
                    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quoted, table.pk])
                    sequence = cursor.fetchone()[0]
                    if sequence:
                        cursor.execute(
                            f"SELECT setval(%s, GREATEST((SELECT MAX({pk}) FROM {quoted}), "  # noqa: S608
                            "nextval(%s)))",
                            [sequence, sequence],
                        )
        for (root_setting, relative), content in self.files.items():
            path = Path(_root(root_setting)) / relative
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)


def _root(name: str) -> str:
    if name == "MEDIA_ROOT":
        return settings.MEDIA_ROOT
    return settings.STORAGES["private"]["OPTIONS"]["location"]


def _files() -> dict[tuple[str, str], float]:
    found = {}
    for name in ("MEDIA_ROOT", "PRIVATE"):
        root = Path(_root(name))
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    found[(name, str(path.relative_to(root)))] = path.stat().st_mtime_ns
    return found


def _tables(cursor) -> list[tuple[str, str, list[str]]]:
    """Every table of the public schema with its one-column primary key and its columns (those
    a COPY may write: not generated ones)."""
    cursor.execute(
        """
        SELECT c.relname,
               (SELECT a.attname FROM pg_index i
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1),
               ARRAY(SELECT a.attname FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                        AND a.attgenerated = '' ORDER BY a.attnum)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
         ORDER BY c.relname
        """
    )
    return cursor.fetchall()


def capture(loader) -> Snapshot:
    """Run `loader()` once in a transaction that is rolled back, and keep what it wrote."""
    snapshot = Snapshot()
    files_before = _files()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            tables = _tables(cursor)
            before = {}
            for name, pk, _columns in tables:
                if pk is None:
                    continue
                quoted = connection.ops.quote_name(name)
                cursor.execute(f"SELECT {connection.ops.quote_name(pk)} FROM {quoted}")  # noqa: S608
                before[name] = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            watermark = cursor.fetchone()[0] % 2**32
            loader()
            for name, pk, columns in tables:
                quoted = connection.ops.quote_name(name)
                written = f"FROM {quoted} WHERE xmin::text::bigint >= {int(watermark)}"
                if pk is None:
                    cursor.execute(f"SELECT 1 {written} LIMIT 1")
                    if cursor.fetchone():
                        raise RuntimeError(f"The demo wrote to {name}, which has no primary key.")
                    continue
                qpk = connection.ops.quote_name(pk)
                cursor.execute(f"SELECT {qpk} FROM {quoted}")  # noqa: S608
                now = {row[0] for row in cursor.fetchall()}
                cursor.execute(f"SELECT {qpk} {written}")
                changed = {row[0] for row in cursor.fetchall()}
                replaced = (before[name] - now) | (before[name] & changed)
                if not changed and not replaced:
                    continue
                column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
                with raw.copy(f"COPY (SELECT {column_list} {written}) TO STDOUT") as copy:
                    rows = b"".join(bytes(block) for block in copy)
                snapshot.tables.append(_Table(name, pk, list(columns), sorted(replaced), rows))
            raise _Rollback
    except _Rollback:
        pass
    for key, mtime in _files().items():
        if files_before.get(key) != mtime:
            snapshot.files[key] = (Path(_root(key[0])) / key[1]).read_bytes()
    return snapshot
