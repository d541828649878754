"""The one way to take row locks: inside a transaction, with a time limit.

Every `select_for_update` in the project goes through `lock_one` or `lock_all`. They set
`SET LOCAL lock_timeout` first, so a request that finds a row held for too long gives up with
`LockBusy` ("busy, try again") instead of queueing without end; `LockBusyMiddleware` turns that
into a message for the person who asked. Never call the network (Stripe, email) while a lock is
held: call first, then lock and record; or record, commit, and call after.
"""

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Model, QuerySet

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout runs out


class LockBusy(Exception):
    """Someone else holds the row right now. Nothing was changed; trying again will work."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "Someone else is changing this at the same moment. Nothing was saved; please "
            "try again in a few seconds."
        )


def lock_timeout_ms() -> int:
    return int(getattr(settings, "LOCK_TIMEOUT_MS", 5000))


def _timeout_set() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("Row locks are taken inside transaction.atomic().")
    with connection.cursor() as cursor:
        # SET cannot take a parameter; the value is an integer from the settings.
        cursor.execute(f"SET LOCAL lock_timeout = {lock_timeout_ms():d}")


def _is_lock_timeout(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE or "lock timeout" in str(exc)


def _locking(
    queryset: QuerySet | type[Model], of: tuple[str, ...], skip_locked: bool = False
) -> QuerySet:
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset._default_manager.all()
    return queryset.select_for_update(of=of, skip_locked=skip_locked)


def lock_one(
    queryset: QuerySet | type[Model],
    *,
    of: tuple[str, ...] = (),
    skip_locked: bool = False,
    **lookup,
):
    """The one row `lookup` finds, locked until the transaction ends. Raises the model's
    DoesNotExist like `get` (also, with `skip_locked`, when someone else holds the row), and
    LockBusy when the row stays held past the timeout."""
    _timeout_set()
    try:
        return _locking(queryset, of, skip_locked).get(**lookup)
    except OperationalError as exc:
        if _is_lock_timeout(exc):
            raise LockBusy() from exc
        raise


def lock_all(
    queryset: QuerySet | type[Model], *, of: tuple[str, ...] = (), skip_locked: bool = False
) -> list:
    """Every row of `queryset`, locked (in the queryset's order) until the transaction ends;
    with `skip_locked`, the rows nobody else holds right now."""
    _timeout_set()
    try:
        return list(_locking(queryset, of, skip_locked))
    except OperationalError as exc:
        if _is_lock_timeout(exc):
            raise LockBusy() from exc
        raise


def in_transaction() -> bool:
    """Whether the caller is inside `transaction.atomic()` (where a network call must not be)."""
    return connection.in_atomic_block


__all__ = ["LockBusy", "in_transaction", "lock_all", "lock_one", "transaction"]
