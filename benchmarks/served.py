"""The site and a bare Django view, each served by gunicorn as in production, for the page and
memory benchmarks (benchmarks/pages.py, benchmarks/memory.py).

The site runs `icis.settings.production` on a PostgreSQL and a Redis database of its own, with
the demo loaded (`load_demo`) and the static files collected, as the Docker image does. Every
request carries `X-Forwarded-Proto: https` (the TLS proxy's header), or the SSL redirect would
answer in place of the page.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import own_database

ROOT = own_database.ROOT
BENCHMARKS = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HEADERS = {"X-Forwarded-Proto": "https"}
# Uploads of the run (demo files), in a folder of its own that the operating system cleans.
MEDIA = Path(tempfile.mkdtemp(prefix="icis-benchmark-pages-"))
ATTENDEE = ("attendee@example.org", "cytokines-attendee-2021")
# The demo attendee is made a current member too, so one session opens every signed-in page
# (the member directory is for members only).
MAKE_ATTENDEE_A_MEMBER = f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from members.models import Membership, MembershipType
user = get_user_model().objects.get(email="{ATTENDEE[0]}")
today = timezone.localdate()
Membership.objects.get_or_create(user=user, defaults=dict(
    membership_type=MembershipType.objects.order_by("pk").first(),
    source=Membership.Source.IMPORT, start_date=today - timedelta(days=30),
    end_date=today + timedelta(days=334), confirmed_at=timezone.now()))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(database: str, *, redis_db: int, port: int) -> dict:
    """What the production settings need (README "Configuration"), pointed at the benchmark's
    own databases and at localstripe, so no page reaches the network."""
    pg, redis_port = own_database.PG_PORT, own_database.REDIS_PORT
    stripe = f"http://127.0.0.1:{os.environ.get('ICIS_STRIPE_PORT', '8420')}"
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TEST_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="icis.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"https://127.0.0.1:{port}",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg}/{database}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/{redis_db}",
        STRIPE_SECRET_KEY="sk_test_localstripe",
        STRIPE_PUBLISHABLE_KEY="pk_test_localstripe",
        STRIPE_WEBHOOK_SECRET="whsec_localstripe_benchmark",
        STRIPE_API_BASE=stripe,
        STRIPE_JS_URL=f"{stripe}/js.stripe.com/v3/",
        MEDIA_ROOT=str(MEDIA / "media"),
        PRIVATE_MEDIA_ROOT=str(MEDIA / "private"),
        LOG_LEVEL="WARNING",
    )
    return environment


def prepare_site(database: str, *, environment: dict) -> None:
    """A fresh database, migrated, with the demo loaded; Redis emptied; static files collected
    (the manifest the production storage reads)."""
    import redis

    own_database.recreate(database)
    redis.Redis.from_url(environment["REDIS_URL"]).flushdb()
    for command in (
        ["migrate"],
        ["load_demo"],
        ["shell", "--command", MAKE_ATTENDEE_A_MEMBER],
        ["collectstatic", "--noinput"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )


class Server:
    """gunicorn with N sync workers on a free port; `stop()` ends it and its workers."""

    def __init__(
        self,
        app: str,
        *,
        environment: dict,
        port: int,
        workers: int,
        chdir: Path,
        extra: tuple = (),
    ):
        self.port = port
        self.process = subprocess.Popen(
            [
                GUNICORN,
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--chdir",
                str(chdir),
                "--worker-tmp-dir",
                "/dev/shm",  # noqa: S108 (gunicorn's heartbeat files, as in the Dockerfile)
                "--log-level",
                "warning",
                *extra,
            ],
            env=environment,
        )
        self.workers = workers
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn on port {self.port} stopped at start-up")
            if len(self.worker_pids()) == self.workers:
                try:
                    if get(self.port, "/")[0] < 500:
                        return
                except OSError:
                    pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn on port {self.port} did not answer within {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        return sorted(pid for pid in _pids() if _status(pid).get("PPid") == str(self.process.pid))

    def worker_rss_mb(self) -> dict[int, float]:
        """Each worker's resident memory (VmRSS), in MB."""
        sizes = {}
        for pid in self.worker_pids():
            rss = _status(pid).get("VmRSS", "0 kB").split()[0]
            sizes[pid] = int(rss) / 1024
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_site(environment: dict, *, port: int, workers: int = 2, extra: tuple = ()) -> Server:
    return Server(
        "icis.wsgi:application",
        environment=environment,
        port=port,
        workers=workers,
        chdir=ROOT,
        extra=extra,
    )


def start_bare(*, port: int, workers: int = 2) -> Server:
    """A bare Django view (benchmarks/bare_settings.py) served the same way as the site."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TEST_"))
    }
    environment["DJANGO_SETTINGS_MODULE"] = "bare_settings"
    return Server(
        "django.core.wsgi:get_wsgi_application()",
        environment=environment,
        port=port,
        workers=workers,
        chdir=BENCHMARKS,
    )


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def get(port: int, path: str, *, cookie: str = "") -> tuple[int, str]:
    """One GET as the TLS proxy would forward it: its status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict(HEADERS, Host="127.0.0.1")
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, *, email: str, password: str) -> str:
    """Signs in through the sign-in form, as a browser would; returns the Cookie header value
    that carries the session."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict(HEADERS, Host="127.0.0.1")
    connection.request("GET", "/accounts/login/", headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    csrf_cookie = _cookies(response)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": token}
    )
    origin = f"https://127.0.0.1:{port}"
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers=dict(
            headers,
            Cookie=f"csrftoken={csrf_cookie}",
            Origin=origin,
            Referer=f"{origin}/accounts/login/",
            **{"Content-Type": "application/x-www-form-urlencoded"},
        ),
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    session = _cookies(response).get("sessionid")
    if response.status != 302 or not session:
        sys.exit(f"signing in as {email} failed (status {response.status})")
    return f"sessionid={session}; csrftoken={csrf_cookie}"
