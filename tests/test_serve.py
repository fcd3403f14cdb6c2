"""`paperkeep serve` from an empty data directory: answers HTTP, creates the admin, stops without leftovers."""

from __future__ import annotations

import ctypes
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

PAPERKEEP = [sys.executable, "-m", "paperkeep.cli"]
_SYS_TGKILL = 234  # x86-64


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_env(root: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERLESS_", "DJANGO_", "PAPERKEEP_"))}
    conf = root / "paperless.conf"
    conf.touch()
    env.update(
        PAPERLESS_CONFIGURATION_PATH=str(conf),
        PAPERLESS_DATA_DIR=str(root / "data"),
        PAPERLESS_MEDIA_ROOT=str(root / "media"),
        PAPERLESS_CONSUMPTION_DIR=str(root / "consume"),
        PAPERLESS_SCRATCH_DIR=str(root / "scratch"),
        PAPERLESS_PORT=str(port),
        **extra,
    )
    return env


def descendants(pid: int) -> set[int]:
    """Return the pids of every process below pid, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def worker_running(proc: subprocess.Popen[str]) -> bool:
    """Return whether a Celery worker runs below `paperkeep serve`."""
    return any("celery" in cmdline(pid) for pid in descendants(proc.pid))


def wait_for_worker(proc: subprocess.Popen[str], *, running: bool = True, timeout: float = 60) -> None:
    """Wait until the worker runs (or, with running=False, until it has exited)."""
    deadline = time.monotonic() + timeout
    while worker_running(proc) != running:
        assert time.monotonic() < deadline, "the worker did not start" if running else "the idle worker did not exit"
        time.sleep(0.1)


def wait_gone(pids: set[int], timeout: float) -> list[int]:
    """Wait up to `timeout` seconds for the processes to end; return those still alive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.1)
    return [pid for pid in pids if alive(pid)]


def wait_for_http(url: str, proc: subprocess.Popen[str], timeout: float = 60) -> requests.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"paperkeep serve exited early with {proc.returncode}"
        try:
            # The port is bound before the web worker is ready (it migrates first), so an answer may take a while.
            return requests.get(url, timeout=max(1.0, min(30.0, deadline - time.monotonic())), allow_redirects=False)
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    raise AssertionError(f"no HTTP answer from {url} within {timeout}s")


def start(env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    handle = log.open("w")
    return subprocess.Popen([*PAPERKEEP, "serve"], env=env, stdout=handle, stderr=subprocess.STDOUT, text=True)


def stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str], int]]:
    port = free_port()
    env = serve_env(tmp_path, port)
    proc = start(env, tmp_path / "serve.log")
    try:
        yield proc, env, port
    finally:
        if proc.poll() is None:
            for pid in descendants(proc.pid):
                os.kill(pid, signal.SIGKILL)
            proc.kill()
            proc.wait()


def test_serve_from_empty_data_dir_answers_and_creates_admin(served, tmp_path: Path) -> None:
    """
    GIVEN an empty data directory and no admin settings
    WHEN `paperkeep serve` starts
    THEN it answers HTTP on PAPERLESS_PORT, created `admin` with a printed one-time password that works,
         and kept a generated secret key readable only by its owner
    """
    proc, _env, port = served
    health = wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    home = requests.get(f"http://127.0.0.1:{port}/", timeout=5, allow_redirects=False)
    assert home.status_code == 302 and "/accounts/login/" in home.headers["Location"]

    log = (tmp_path / "serve.log").read_text()
    match = re.search(r"administrator 'admin' with the one-time password (\S+)", log)
    assert match, log
    db = sqlite3.connect(tmp_path / "data" / "db.sqlite3")
    row = db.execute("select is_superuser from auth_user where username='admin'").fetchone()
    assert row == (1,)
    key = tmp_path / "data" / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_sigterm_leaves_no_child_behind(served) -> None:
    """
    GIVEN a running `paperkeep serve` with its web server and worker
    WHEN it receives SIGTERM
    THEN it exits 0 and every process it started (and their children) is gone
    """
    proc, _env, port = served
    wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)
    wait_for_worker(proc)
    tree = descendants(proc.pid)
    assert len(tree) >= 2, "expected the web worker and the Celery worker"
    assert stop(proc) == 0
    left = wait_gone(tree, 5)
    assert not left


def test_sigkill_of_the_supervisor_leaves_nothing_serving(served) -> None:
    """
    GIVEN a running `paperkeep serve` with its web worker and Celery worker
    WHEN the supervisor is killed with SIGKILL (no chance to clean up)
    THEN its web worker and Celery worker stop by themselves, so nothing keeps serving the port as an orphan
    """
    proc, _env, port = served
    wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)
    wait_for_worker(proc)
    tree = descendants(proc.pid)
    proc.kill()
    proc.wait()
    left = wait_gone(tree, 30)
    assert not [cmdline(pid) for pid in left]


def _threads_taking(pid: int, sig: signal.Signals) -> list[int]:
    """Return the ids of pid's threads other than the main one that do not block sig."""
    tids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        tid = int(task.name)
        status = (task / "status").read_text()
        blocked = int(re.search(r"^SigBlk:\s*([0-9a-f]+)", status, re.M).group(1), 16)  # type: ignore[union-attr]
        if tid != pid and not blocked & (1 << (sig - 1)):
            tids.append(tid)
    return tids


def test_sigterm_delivered_to_another_thread_still_stops(served) -> None:
    """
    GIVEN a running `paperkeep serve` whose main thread is asleep waiting for something to happen
    WHEN SIGTERM reaches one of its other threads (the kernel may pick any thread that takes it)
    THEN it still stops, exits 0, and leaves no process behind
    """
    proc, _env, port = served
    wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)
    wait_for_worker(proc)
    tree = descendants(proc.pid)
    others = _threads_taking(proc.pid, signal.SIGTERM)
    assert others, "expected a thread besides the main one that takes SIGTERM"
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    assert libc.syscall(_SYS_TGKILL, proc.pid, others[0], signal.SIGTERM) == 0
    assert proc.wait(timeout=30) == 0
    left = wait_gone(tree, 5)
    assert not left


def test_second_start_on_same_data_is_idempotent(tmp_path: Path) -> None:
    """
    GIVEN data left by a first `paperkeep serve` with PAPERLESS_ADMIN_USER set
    WHEN Paperkeep starts a second time on the same data
    THEN it answers again, keeps the same secret key and admin, and creates no second user
    """
    port = free_port()
    env = serve_env(tmp_path, port, PAPERLESS_ADMIN_USER="boss", PAPERLESS_ADMIN_PASSWORD="pw-1234-long")
    for attempt in range(2):
        proc = start(env, tmp_path / f"serve-{attempt}.log")
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)
            if attempt == 0:
                first_key = (tmp_path / "data" / "secret_key").read_text()
                first_users = users_in(tmp_path)
        finally:
            assert stop(proc) == 0
    assert (tmp_path / "data" / "secret_key").read_text() == first_key
    assert users_in(tmp_path) == first_users
    assert [name for name, _hash in first_users] == ["boss"]


def users_in(root: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(root / "data" / "db.sqlite3")
    return db.execute("select username, password from auth_user order by id").fetchall()


def test_bad_setting_stops_serve_with_one_line(tmp_path: Path) -> None:
    """
    GIVEN PAPERLESS_PORT=eighty
    WHEN `paperkeep serve` starts
    THEN it exits non-zero at once with one line naming the variable and the value, and no traceback
    """
    env = serve_env(tmp_path, free_port())
    env["PAPERLESS_PORT"] = "eighty"
    result = subprocess.run([*PAPERKEEP, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "PAPERLESS_PORT" in lines[0] and "eighty" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_idle_worker_exits_and_comes_back_for_a_consume_folder_file(tmp_path: Path) -> None:
    """
    GIVEN `paperkeep serve` without Redis and PAPERLESS_WORKER_IDLE_TIMEOUT=2
    WHEN the worker has been idle, exits, and then a text file is dropped into the consume folder
    THEN the worker is started again and the file becomes a document; the input is gone from the folder
    """
    port = free_port()
    env = serve_env(tmp_path, port, PAPERLESS_WORKER_IDLE_TIMEOUT="2", PAPERLESS_CONSUMER_STABILITY_DELAY="0.5")
    proc = start(env, tmp_path / "serve.log")
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)
        wait_for_worker(proc)
        wait_for_worker(proc, running=False)

        (tmp_path / "consume" / "letter.txt").write_text("Dear customer, your invoice 4711 is attached.\n")
        db = tmp_path / "data" / "db.sqlite3"
        deadline = time.monotonic() + 90
        # The input is removed only after the document's commit, so wait for both.
        while True:
            rows = sqlite3.connect(db).execute("select title, content from documents_document").fetchall()
            if rows and not (tmp_path / "consume" / "letter.txt").exists():
                break
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(0.3)
        assert rows[0][0] == "letter"
        assert "invoice 4711" in rows[0][1]
    finally:
        assert stop(proc) == 0


def test_serve_under_a_script_name(tmp_path: Path) -> None:
    """
    GIVEN PAPERLESS_FORCE_SCRIPT_NAME=/paperless (Paperkeep behind a proxy at a sub-path)
    WHEN `paperkeep serve` runs
    THEN pages answer under /paperless/, and redirects to the login page keep the prefix
    """
    port = free_port()
    env = serve_env(tmp_path, port, PAPERLESS_FORCE_SCRIPT_NAME="/paperless")
    proc = start(env, tmp_path / "serve.log")
    try:
        health = wait_for_http(f"http://127.0.0.1:{port}/paperless/healthz", proc)
        assert health.status_code == 200
        home = requests.get(f"http://127.0.0.1:{port}/paperless/", timeout=5, allow_redirects=False)
        assert home.status_code == 302
        assert home.headers["Location"].startswith("/paperless/accounts/login/")
        assert f"serving on http://127.0.0.1:{port}/paperless/" in (tmp_path / "serve.log").read_text()
    finally:
        assert stop(proc) == 0
