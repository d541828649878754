"""PostgreSQL restarts while the site runs: requests answer 503 with Retry-After and no
traceback, and the first request after it is back answers normally, without restarting the
site. The cluster is a throwaway one of the test's own; the suite's PostgreSQL keeps running."""

import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from icis.core.middleware import DatabaseUnavailableMiddleware, is_connection_error

from .servers import PostgresCluster, free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def own_postgres(db):
    """A cluster of this test's own holding the site's tables (copied from the suite's test
    database, without rows; `db` makes sure that database is set up)."""
    folder = Path(tempfile.mkdtemp(prefix="icis-postgres-"))
    cluster = PostgresCluster(folder)
    try:
        cluster.init()
        cluster.start()
        source = connection.settings_dict
        schema = subprocess.run(
            [
                str(cluster.bin / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges",
                "-h", source["HOST"], "-p", str(source["PORT"]), "-U", source["USER"],
                source["NAME"],
            ],
            check=True, capture_output=True, timeout=60,
        ).stdout  # fmt: skip
        target = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres"]
        subprocess.run([str(cluster.bin / "createdb"), *target, "icis"], check=True, timeout=30)
        subprocess.run(
            [str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", *target, "-d", "icis"],
            input=schema, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def site_on_own_postgres(own_postgres, tmp_path):
    port = free_port()
    log = (tmp_path / "site.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.resilience.wsgi_server", str(port), str(own_postgres.port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_database_restart_answers_503_then_the_site_recovers_by_itself(
    own_postgres, site_on_own_postgres
):
    home = f"{site_on_own_postgres}/"
    assert _get(home)[0] == 200  # the site now holds a connection open (CONN_MAX_AGE)

    own_postgres.stop()
    for _ in range(2):
        status, headers, body = _get(home)
        assert status == 503
        assert headers["Retry-After"] == "10"
        assert "Back in a moment" in body
        assert "Traceback" not in body and "Error" not in body
    status, _, body = _get(f"{site_on_own_postgres}/healthz")
    assert status == 503 and '"database": "ok"' not in body

    own_postgres.start()
    status, _, body = _get(home)
    assert status == 200
    assert "Back in a moment" not in body


@pytest.mark.django_db
def test_only_a_lost_connection_is_a_503_not_an_ordinary_query_error(rf: RequestFactory):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with pytest.raises(OperationalError) as timed_out, connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)")
    assert not is_connection_error(timed_out.value)
    assert middleware.process_exception(rf.get("/"), timed_out.value) is None

    with pytest.raises(OperationalError) as refused, connection.wrap_database_errors:
        psycopg.connect(host="127.0.0.1", port=free_port(), user="postgres", connect_timeout=2)
    assert is_connection_error(refused.value)
    response = middleware.process_exception(rf.get("/my/"), refused.value)
    assert response.status_code == 503 and response["Retry-After"] == "10"
