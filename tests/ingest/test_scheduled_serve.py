"""`paperkeep serve` without Redis starts its idle-stopped worker when a scheduled job falls due, and the job runs."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.test_serve import free_port, serve_env, start, stop, wait_for_http, wait_for_worker, worker_running

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def scheduled_runs(db: Path) -> list[tuple[datetime, str]]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            rows = conn.execute(
                "select date_created, status from documents_paperlesstask "
                "where task_type = 'empty_trash' and trigger_source = 'scheduled'"
            ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [(datetime.fromisoformat(created).replace(tzinfo=UTC), status) for created, status in rows]


def test_an_every_minute_job_wakes_the_idle_worker_and_runs(tmp_path: Path) -> None:
    """
    GIVEN `paperkeep serve` without Redis, PAPERLESS_WORKER_IDLE_TIMEOUT=2 and PAPERLESS_EMPTY_TRASH_TASK_CRON
          set to every minute (the other jobs disabled)
    WHEN the worker has gone idle and exited, and the next minute comes
    THEN the supervisor starts the worker again, an empty_trash task triggered by the schedule succeeds,
         and SIGTERM still stops everything cleanly
    """
    port = free_port()
    env = serve_env(tmp_path, port, PAPERLESS_WORKER_IDLE_TIMEOUT="2", PAPERLESS_EMPTY_TRASH_TASK_CRON="* * * * *",
                    PAPERLESS_SANITY_TASK_CRON="disable", PAPERLESS_INDEX_TASK_CRON="disable")  # fmt: skip
    proc = start(env, tmp_path / "serve.log")
    log = tmp_path / "serve.log"
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", proc)

        wait_for_worker(proc)
        wait_for_worker(proc, running=False)
        exited_at = datetime.now(UTC)
        assert (tmp_path / "data" / "schedule.json").is_file()

        restarted = False
        deadline = time.monotonic() + 75  # the next minute, plus starting the worker and running the job
        while True:
            restarted = restarted or worker_running(proc)
            later = [status for created, status in scheduled_runs(tmp_path / "data" / "db.sqlite3")
                     if created > exited_at]  # fmt: skip
            if "success" in later:
                break
            assert time.monotonic() < deadline, f"no scheduled run after {exited_at}: " + log.read_text()[-3000:]
            time.sleep(0.2)
        assert restarted
    finally:
        assert stop(proc) == 0
