"""Running service calls at the same moment, as double clicks and busy staff do."""

import threading

from django.db import connection

THREAD_TIMEOUT = 120


def race(calls: list, *, timeout: float = THREAD_TIMEOUT) -> list:
    """Run every call in a thread of its own, with its own database connection, all released
    at once by a barrier. Returns what each call returned or raised, in the order of `calls`."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call) -> None:
        try:
            connection.ensure_connection()  # connect first, so the calls start together
            barrier.wait(timeout=timeout)
            outcomes[index] = call()
        except Exception as exc:  # every outcome is checked by the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return outcomes
