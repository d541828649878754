"""Waiting for something another process does (a Celery worker, a server coming back)."""

import time
from collections.abc import Callable


def wait_for(
    predicate: Callable[[], object], *, timeout: float = 15.0, interval: float = 0.1
) -> bool:
    """True as soon as `predicate()` is true; False if it is still false after `timeout`
    seconds. Checks every `interval` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
