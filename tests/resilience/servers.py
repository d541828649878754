"""Throwaway Redis and PostgreSQL servers of a test's own, so a test can stop and start them
while the suite's shared servers keep running."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, open_: bool = True, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if (sock.connect_ex(("127.0.0.1", port)) == 0) == open_:
                return
        time.sleep(0.05)
    raise RuntimeError(f"127.0.0.1:{port} did not {'open' if open_ else 'close'}")


class RedisServer:
    """`redis-server` on a free port with its state in `folder`; `stop()` and `start()` again
    keep the port, as a restarted Redis would."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--daemonize", "yes",
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.folder),
                "--pidfile", str(self.folder / "redis.pid"),
                "--logfile", str(self.folder / "redis.log"),
            ],
            check=True,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True
        )
        wait_for_port(self.port, open_=False)


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return versions[-1]


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder on a free port. As root, PostgreSQL runs as
    the `postgres` user (it refuses root), like scripts/stack.sh does."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = free_port()
        self.bin = _pg_bin()
        self._as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = list(args)
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )

    def start(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", f"-p {self.port}", "-w", "-t", "30", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()
