"""Exact query counts that must not grow with the data."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


def assert_queries_at_sizes(
    *,
    expected: int,
    grow: Callable[[int], object],
    action: Callable[[], object],
    sizes: tuple[int, int] = (2, 20),
) -> None:
    """Grows the data to each size (`grow(n)` adds n rows), runs `action` and checks it ran
    exactly `expected` queries both times, so a growing table cannot add queries."""
    for size in sizes:
        grow(size)
        count, queries = count_queries(action)
        assert count == expected, (
            f"{count} queries (expected {expected}) with {size} more rows:\n" + "\n".join(queries)
        )
