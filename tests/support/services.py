"""Real PostgreSQL and Redis servers for tests, started on 127.0.0.1 in temporary folders and stopped after."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout}s")


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str
    dbname: str

    def env(self) -> dict[str, str]:
        """PAPERLESS_* settings that point Paperkeep at this server."""
        return {"PAPERLESS_DBENGINE": "postgresql", "PAPERLESS_DBHOST": self.host, "PAPERLESS_DBPORT": str(self.port),
                "PAPERLESS_DBUSER": self.user, "PAPERLESS_DBNAME": self.dbname, "PAPERLESS_DBPASS": "unused"}


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return Path(found[-1]).parent


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """Start a throw-away PostgreSQL cluster owned by the `postgres` system user, trusting local connections."""
    bindir = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="paperkeep-pg-"))
    data = root / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "paperless", "--auth=trust",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    server = subprocess.Popen([*as_user, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                               "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={root}",
                               "-c", "fsync=off", "-c", "synchronous_commit=off"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server, "postgres")
        for _ in range(100):
            created = subprocess.run([*as_user, str(bindir.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p",
                                      str(port), "-U", "paperless", "paperless"], capture_output=True, check=False)
            if created.returncode == 0:
                break
            time.sleep(0.1)
        yield Postgres("127.0.0.1", port, "paperless", "paperless")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Start redis-server on a free loopback port with no persistence; yield its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("Redis is not installed (apt-get install redis-server)")
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="paperkeep-redis-"))
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                               "no", "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, server, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)
