"""A kept database connection (CONN_MAX_AGE) costs no query per request to check, and one the
server has dropped is replaced before the request uses it."""

import psycopg
import pytest
from django.db import connection, connections

from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept_connection(monkeypatch):
    """Connections kept between requests, as in production (the tests close them each time)."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    yield connection
    connection.close()


@pytest.fixture
def usability_checks(monkeypatch):
    checks = []
    wrapper = type(connections["default"])
    is_usable = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda self: checks.append(1) or is_usable(self))
    return checks


def test_requests_on_a_kept_connection_run_no_health_check_query(
    client, kept_connection, usability_checks
):
    assert client.get("/").status_code == 200
    kept = kept_connection.connection

    for _ in range(3):
        assert client.get("/").status_code == 200

    # The same connection served every request, and no `SELECT 1` checked it.
    assert kept_connection.connection is kept
    assert usability_checks == []


def test_a_connection_the_server_dropped_is_replaced_before_the_request(client, kept_connection):
    assert client.get("/").status_code == 200
    dropped = kept_connection.connection
    settings = kept_connection.settings_dict
    # Autocommit: each look at pg_stat_activity is a transaction of its own, so it sees the
    # server now (within one transaction it sees the first look again).
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as admin:
        pid = dropped.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        # The server ends the backend a moment after the call returns.
        assert wait_for(
            lambda: (
                not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
            )
        )

    response = client.get("/")

    assert response.status_code == 200 and "Back in a moment" not in response.content.decode()
    assert kept_connection.connection is not dropped
