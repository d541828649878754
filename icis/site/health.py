"""What /healthz checks: the two services every request and task depends on."""

import redis
from django.conf import settings
from django.db import connection


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def check_redis() -> str | None:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        client.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def health_report() -> dict[str, str]:
    """{"database": "ok", "redis": "ConnectionError: ..."}."""
    checks = {"database": check_database, "redis": check_redis}
    return {name: (check() or "ok") for name, check in checks.items()}
