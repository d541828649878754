"""A Redis cache that degrades instead of failing the request when Redis is unreachable.

Nothing the site keeps in the cache is the only copy of anything: sessions live in the
database, emails in the outbox. What is cached is allauth's rate-limit counters and its
"TOTP code already used" markers. With Redis down, every call acts as a miss (`get` returns
the default, `add` stores "nothing was there") or as a no-op (`set`, `delete`), and the outage
is logged once a minute, not once a call.

Rate limits fail open while Redis is down: sign-in, sign-up and paying keep working, and the
log says limits are off. Failing closed would lock every member out for as long as the outage
lasts, which is a worse harm than an attacker guessing passwords unthrottled for that time
(passwords are hashed slowly, and allauth's per-account limit returns with Redis).

After a failure, Redis is not asked again for `RETRY_SECONDS`: when it is unreachable rather
than refusing (a network fault), every call would otherwise wait for the socket timeout.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60


class _Outage:
    """Shared by every thread's cache object for one Redis location."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.logged_at = 0.0


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = _outage_for(repr(self._servers))

    def _call(self, method: str, fallback, *args, **kwargs):
        outage = self._outage
        if outage.down_since is not None and time.monotonic() < outage.retry_at:
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as exc:
            self._record_failure(exc)
            return fallback
        if outage.down_since is not None:
            self._record_recovery()
        return result

    def _record_failure(self, exc: Exception) -> None:
        outage = self._outage
        now = time.monotonic()
        with outage.lock:
            outage.retry_at = now + RETRY_SECONDS
            if outage.down_since is None:
                outage.down_since = now
            elif now - outage.logged_at < LOG_EVERY_SECONDS:
                return
            outage.logged_at = now
        logger.error(
            "Cache unreachable (%s: %s): acting as empty; rate limits are not enforced "
            "until Redis answers again",
            type(exc).__name__,
            exc,
        )

    def _record_recovery(self) -> None:
        outage = self._outage
        with outage.lock:
            if outage.down_since is None:
                return
            seconds = time.monotonic() - outage.down_since
            outage.down_since = None
        logger.warning("Cache reachable again after %.0f s; rate limits apply again", seconds)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Nothing was there": allauth's rate-limit lock is taken and a TOTP code is accepted.
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
