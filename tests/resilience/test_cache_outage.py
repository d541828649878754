"""The cache while its Redis is down: empty and quiet, logged once, and back when Redis is."""

import logging
import tempfile
from pathlib import Path

import pytest

from icis.core import cache as degrading

from .servers import RedisServer


@pytest.fixture
def cache_on_own_redis(monkeypatch):
    monkeypatch.setattr(degrading, "RETRY_SECONDS", 0)  # ask Redis again on every call
    with tempfile.TemporaryDirectory(prefix="icis-redis-") as folder:
        server = RedisServer(Path(folder))
        server.start()
        try:
            yield server, degrading.DegradingRedisCache(server.url, {"KEY_PREFIX": "t"})
        finally:
            server.stop()


def test_cache_acts_empty_while_redis_is_down_and_logs_it_once(cache_on_own_redis, caplog):
    server, cache = cache_on_own_redis
    cache.set("attempts", [1, 2, 3])
    server.stop()

    with caplog.at_level(logging.WARNING, logger="icis.core.cache"):
        for _ in range(20):
            assert cache.get("attempts", []) == []
            assert cache.add("lock", True) is True  # allauth's rate-limit lock is taken
            cache.set("attempts", [4])
            cache.delete("lock")
        with pytest.raises(ValueError):
            cache.incr("counter")
        server.start()
        assert cache.add("lock", True) is True
        assert cache.add("lock", True) is False  # Redis answers again

    outage = [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage) == 1
    assert "rate limits are not enforced" in outage[0]
    assert any("reachable again" in r.getMessage() for r in caplog.records)
