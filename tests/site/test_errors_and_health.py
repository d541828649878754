import socket
import subprocess
import time

import pytest
from django.test import RequestFactory, override_settings

from icis.site.views import error_500

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_redis_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own, so stopping it leaves the suite's Redis running."""
    port = _free_port()
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--pidfile",
            str(tmp_path / "redis.pid"),
        ],
        check=True,
    )
    for _ in range(50):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield port
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


def test_healthz_is_503_and_names_redis_when_redis_stops(client, own_redis):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{own_redis}/0"):
        assert client.get("/healthz").status_code == 200

        subprocess.run(["redis-cli", "-p", str(own_redis), "shutdown", "nosave"], check=True)
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("ConnectionError")


def test_server_error_page_uses_the_site_layout():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_500(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'class="main-nav"' in html


def test_bad_request_page(client):
    with override_settings(ALLOWED_HOSTS=["www.cytokinesociety.org"]):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "We couldn't understand that request" in response.content.decode()
