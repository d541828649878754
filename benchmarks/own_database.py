"""Each benchmark runs on a PostgreSQL database and a Redis database of its own, on the local
services (`scripts/stack.sh start`): created empty and migrated before, dropped after unless
kept, so a run never touches the development or test data."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_PORT = os.environ.get("ICIS_PG_PORT", "54329")
REDIS_PORT = os.environ.get("ICIS_REDIS_PORT", "63790")


def use(database: str, *, redis_db: int) -> None:
    """Point Django at the benchmark's databases. Called before anything imports Django."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "icis.settings.test"
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{PG_PORT}/{database}"
    os.environ["TEST_REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/{redis_db}"


def recreate(database: str) -> None:
    bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    args = ["-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres"]
    subprocess.run([bin_dir / "dropdb", *args, "--if-exists", database], check=True)
    subprocess.run([bin_dir / "createdb", *args, database], check=True)


def django_ready(database: str) -> None:
    """An empty database with every migration applied, and Django set up on it."""
    recreate(database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def broker_emptied():
    """The benchmark's own Redis database, emptied, so what it counts is what the run queued."""
    import redis

    broker = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
    broker.flushdb()
    return broker


def finish(database: str, *, keep: bool) -> None:
    """Empty the Redis database, close the connections, and leave the PostgreSQL database
    empty unless it is to be kept for a look."""
    from django.db import connections

    broker_emptied().close()
    connections.close_all()
    if not keep:
        recreate(database)
