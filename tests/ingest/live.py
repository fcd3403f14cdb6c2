"""A Paperkeep instance in its own folders, driven through real processes (migrate, the Celery worker, commands).

The test process never opens this instance's database through Django; it reads it with sqlite3.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FAILPOINT_FILE = ".paperkeep-failpoint"


class Live:
    """Folders, environment and processes of one instance."""

    def __init__(self, root: Path, **settings: str) -> None:
        self.root = root
        self.data, self.media, self.consume = root / "data", root / "media", root / "consume"
        for folder in (self.data, self.media, self.consume, root / "scratch"):
            folder.mkdir(parents=True, exist_ok=True)
        (root / "paperless.conf").write_text("")
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("PAPERLESS_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="paperkeep.settings",
            PAPERLESS_CONFIGURATION_PATH=str(root / "paperless.conf"),
            PAPERLESS_DATA_DIR=str(self.data),
            PAPERLESS_MEDIA_ROOT=str(self.media),
            PAPERLESS_CONSUMPTION_DIR=str(self.consume),
            PAPERLESS_SCRATCH_DIR=str(root / "scratch"),
            PAPERLESS_LOGGING_DIR=str(root / "log"),
            PAPERLESS_SECRET_KEY="live-test-secret-key-0123456789abcdef",
            PAPERLESS_CONSUMER_STABILITY_DELAY="0.3",
            OMP_THREAD_LIMIT="1",
            **settings,
        )
        self.worker: subprocess.Popen[bytes] | None = None
        self.worker_log = root / "worker.log"
        self.worker_log.touch()
        self._ready_before = 0

    # --- processes ----------------------------------------------------------------------------------------------
    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `paperkeep <args>` (a management command) to completion."""
        return subprocess.run(
            [sys.executable, "-m", "paperkeep.cli", *args], env=self.env, capture_output=True, text=True,
            check=check, timeout=300,
        )  # fmt: skip

    def start_worker(self) -> None:
        """Start the real Celery worker (solo pool, as `paperkeep serve` runs it)."""
        self._ready_before = self._ready_lines()
        log = self.worker_log.open("ab")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "paperkeep.worker", "worker", "--pool", "solo",
             "--loglevel", "INFO", "--without-mingle", "--without-gossip", "--without-heartbeat"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def _ready_lines(self) -> int:
        return self.worker_log.read_text(errors="replace").count(" ready.")

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until the last started worker is ready (its crash recovery runs before it says so)."""
        self.wait_for(lambda: self._ready_lines() > self._ready_before, timeout, what="the worker to be ready")

    def kill_worker(self) -> None:
        """SIGKILL the worker and everything it started (OCR children included)."""
        if self.worker is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=30)
        self.worker = None

    def wait_worker_dead(self, timeout: float = 120) -> int:
        assert self.worker is not None
        code = self.worker.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.worker.pid, signal.SIGKILL)  # its OCR children, if any
        self.worker = None
        return code

    def stop(self) -> None:
        self.kill_worker()

    def set_failpoint(self, name: str | None) -> None:
        marker = self.data / FAILPOINT_FILE
        if name is None:
            marker.unlink(missing_ok=True)
        else:
            marker.write_text(name)

    # --- reading the instance's state ---------------------------------------------------------------------------
    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Run a read-only query on the instance's database."""
        db = self.data / "db.sqlite3"
        if not db.exists():
            return []
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError:
                return []  # not migrated yet, or locked for longer than the timeout

    def documents(self) -> list[tuple[int, str, str | None]]:
        return [tuple(r) for r in self.rows("SELECT id, filename, archive_filename FROM documents_document")]  # type: ignore[misc]

    def tasks(self) -> list[tuple[str, str, int]]:
        return [tuple(r) for r in self.rows("SELECT task_id, status, progress FROM documents_paperlesstask")]  # type: ignore[misc]

    def wait_for(self, condition: Callable[[], bool], timeout: float = 120, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.worker is not None and self.worker.poll() is not None:
                raise AssertionError(f"the worker exited ({self.worker.returncode}) while waiting for {what}; "
                                     f"log:\n{self.worker_log.read_text()[-3000:]}")  # fmt: skip
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; log:\n{self.worker_log.read_text()[-3000:]}")

    def files(self, folder: str) -> list[str]:
        base = self.media / "documents" / folder
        return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()) if base.exists() else []


@contextlib.contextmanager
def live_instance(root: Path, **settings: str) -> Iterator[Live]:
    """A migrated instance; its worker is killed at the end whatever happens."""
    live = Live(root, **settings)
    live.manage("migrate", "-v", "0")
    try:
        yield live
    finally:
        live.stop()
