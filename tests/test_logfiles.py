"""Log files under PAPERLESS_LOGGING_DIR: what goes where, rotation shared by processes, reading a log's end."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tracemalloc
from collections import deque
from pathlib import Path
from typing import Any

import pytest

from paperkeep.logfiles import existing_logs, log_file, prepare_log_dir, tail_lines
from paperkeep.runtime import RuntimeSetupError

# A process that loads the real settings (so the real LOGGING), then logs `count` numbered lines.
WRITER = """
import logging, sys
import django
django.setup()
tag, count = sys.argv[1], int(sys.argv[2])
logger = logging.getLogger("paperkeep.probe")
logger.debug("debug line from %s", tag)
for number in range(count):
    logger.info("line %s-%05d %s", tag, number, "x" * 40)
logging.getLogger("celery.probe").warning("celery line from %s", tag)
"""


def _env(root: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERLESS_", "DJANGO_"))}
    conf = root / "paperless.conf"
    conf.touch()
    env.update(PAPERLESS_CONFIGURATION_PATH=str(conf), PAPERLESS_DATA_DIR=str(root / "data"),
               PAPERLESS_MEDIA_ROOT=str(root / "media"), PAPERLESS_CONSUMPTION_DIR=str(root / "consume"),
               PAPERLESS_SCRATCH_DIR=str(root / "scratch"), PAPERLESS_STATICDIR=str(root / "static"),
               PAPERLESS_SECRET_KEY="k" * 40, DJANGO_SETTINGS_MODULE="paperkeep.settings", **values)
    return env


def _write(env: dict[str, str], tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, tag, str(count)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _reference_tail(path: Path, limit: int) -> list[str]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return [line.rstrip() for line in deque(handle, maxlen=limit)]


def test_a_process_writes_paperless_log_and_celery_log_and_stderr_is_unchanged(tmp_path: Path) -> None:
    """GIVEN a process on the real settings and PAPERLESS_LOGGING_DIR set
    WHEN it logs a debug line, an info line on a paperkeep logger and a warning on a celery logger
    THEN paperless.log has Paperkeep's lines (debug included), celery.log Celery's, stderr only info and up."""
    log_dir = tmp_path / "logs"
    process = _write(_env(tmp_path, PAPERLESS_LOGGING_DIR=str(log_dir)), "solo", 1)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    paperless = (log_dir / "paperless.log").read_text()
    celery = (log_dir / "celery.log").read_text()
    assert "[DEBUG] [paperkeep.probe] debug line from solo" in paperless
    assert "[INFO] [paperkeep.probe] line solo-00000" in paperless
    assert "celery line" not in paperless
    assert "[WARNING] [celery.probe] celery line from solo" in celery
    assert "paperkeep.probe" not in celery
    assert "line solo-00000" in stderr and "celery line from solo" in stderr and "debug line" not in stderr
    assert not (log_dir / "mail.log").exists()


def test_logs_rotate_at_the_configured_size_keeping_the_configured_backups(tmp_path: Path) -> None:
    """GIVEN PAPERLESS_LOGROTATE_MAX_SIZE=2000 and PAPERLESS_LOGROTATE_MAX_BACKUPS=2
    WHEN a process logs about 30 KB
    THEN paperless.log and two backups exist, none larger than the limit plus one line, and no third backup."""
    log_dir = tmp_path / "data" / "log"
    env = _env(tmp_path, PAPERLESS_LOGROTATE_MAX_SIZE="2000", PAPERLESS_LOGROTATE_MAX_BACKUPS="2")
    process = _write(env, "big", 300)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    names = sorted(path.name for path in log_dir.glob("paperless.log*"))
    assert names == ["paperless.log", "paperless.log.1", "paperless.log.2"]
    assert all((log_dir / name).stat().st_size <= 2000 + 200 for name in names)
    assert "line big-00299" in (log_dir / "paperless.log").read_text()


@pytest.mark.slow
def test_two_processes_share_a_rotating_log_without_losing_lines(tmp_path: Path) -> None:
    """GIVEN two processes writing paperless.log at once, rotating every 4 KB with enough backups for all
    WHEN both have logged 400 lines
    THEN every line is in exactly one of the files, whole, and no file is much over the size limit."""
    log_dir = tmp_path / "data" / "log"
    env = _env(tmp_path, PAPERLESS_LOGROTATE_MAX_SIZE="4000", PAPERLESS_LOGROTATE_MAX_BACKUPS="200")
    writers = [_write(env, tag, 400) for tag in ("a", "b")]
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr
    files = list(log_dir.glob("paperless.log*"))
    assert len(files) > 10
    lines = [line for path in files for line in path.read_text().splitlines() if "[paperkeep.probe] line" in line]
    numbered = sorted(line.split("line ", 1)[1].split()[0] for line in lines)
    assert numbered == sorted(f"{tag}-{n:05d}" for tag in ("a", "b") for n in range(400))
    assert all(line.endswith("x" * 40) for line in lines)
    assert all(path.stat().st_size <= 4000 + 200 for path in files)


@pytest.mark.slow
def test_the_real_worker_writes_logs_that_the_api_shows(tmp_path: Path, settings: Any, admin_user: Any) -> None:
    """GIVEN the Celery worker as `paperkeep serve` starts it
    WHEN it has started up and a staff user reads the logs through the API
    THEN celery.log shows Celery's ready line and paperless.log the worker's own start-up lines."""
    from rest_framework.test import APIClient

    from paperkeep.config import load_config
    from paperkeep.serve import worker_argv

    env = _env(tmp_path)
    env.pop("DJANGO_SETTINGS_MODULE")
    subprocess.run([sys.executable, "-m", "paperkeep.cli", "migrate", "-v0"], env=env, check=True,
                   capture_output=True, timeout=120)
    worker = subprocess.Popen(worker_argv(load_config(environ=env)), env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    celery_log = tmp_path / "data" / "log" / "celery.log"
    try:
        deadline = time.monotonic() + 60
        while not (celery_log.exists() and " ready." in celery_log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # how it stops is not under test here
        worker.wait(timeout=30)
    settings.LOGGING_DIR = tmp_path / "data" / "log"
    client = APIClient()
    client.force_authenticate(admin_user)
    assert client.get("/api/logs/").json() == ["paperless", "celery"]
    celery_lines = client.get("/api/logs/celery/", {"limit": 50}).json()
    assert any(line.endswith(" ready.") and "[celery.apps.worker]" in line for line in celery_lines)
    assert any("[paperkeep." in line for line in client.get("/api/logs/paperless/").json())


def test_tail_returns_the_last_lines_stripped(tmp_path: Path) -> None:
    """GIVEN a log of three lines, trailing spaces on one
    WHEN its last two lines are read
    THEN they come back stripped of trailing whitespace, in file order."""
    path = tmp_path / "paperless.log"
    path.write_text("one\ntwo  \nthree\n")
    assert tail_lines(path, 2) == ["two", "three"]
    assert tail_lines(path) == ["one", "two", "three"]


def test_tail_matches_reading_the_whole_file_across_block_boundaries(tmp_path: Path) -> None:
    """GIVEN logs of random line lengths and line breaks (\\n, \\r\\n, \\r), some lines longer than a block
    WHEN their last N lines are read, for N from 1 to more than the file has
    THEN the answer equals reading the whole file in text mode and keeping the last N lines."""
    rng = random.Random(5)
    for case in range(6):
        parts = []
        for _ in range(rng.randint(0, 400)):
            parts.append("é" * rng.choice((0, 3, 50, 900, 70_000)) + rng.choice(("\n", "\r\n", "\r")))
        text = "".join(parts) + rng.choice(("", "last line without a break"))
        path = tmp_path / f"case{case}.log"
        path.write_bytes(text.encode())
        for limit in (1, 2, 7, 100, 1000):
            assert tail_lines(path, limit) == _reference_tail(path, limit), (case, limit)


def test_tail_of_a_big_log_reads_only_its_end(tmp_path: Path) -> None:
    """GIVEN a 40 MB log
    WHEN its last 100 lines are read
    THEN they are right, and reading them allocated well under a megabyte."""
    path = tmp_path / "paperless.log"
    with path.open("w") as handle:
        for number in range(400_000):
            handle.write(f"[2026-01-01 00:00:00,000] [INFO] [paperkeep.x] line {number:07d} {'y' * 50}\n")
    assert path.stat().st_size > 40_000_000
    tracemalloc.start()
    try:
        lines = tail_lines(path, 100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines[0].split()[5] == "0399900" and lines[-1].split()[5] == "0399999"
    assert peak < 1_000_000


def test_only_the_whitelisted_names_map_to_files(tmp_path: Path) -> None:
    """GIVEN the log directory
    WHEN names are looked up, file names and path tricks included
    THEN the three Paperless-ngx names map into the directory and nothing else maps at all."""
    assert log_file(tmp_path, "paperless") == tmp_path / "paperless.log"
    assert log_file(tmp_path, "celery") == tmp_path / "celery.log"
    assert log_file(tmp_path, "mail") == tmp_path / "mail.log"
    for name in ("paperless.log", "../paperless", "..", "/etc/passwd", ".__paperless.lock", "", "PAPERLESS"):
        assert log_file(tmp_path, name) is None


def test_existing_logs_lists_only_present_files(tmp_path: Path) -> None:
    """GIVEN celery.log, a rotated paperless.log.1 and a lock file
    WHEN the existing logs are listed
    THEN only "celery" is."""
    for name in ("celery.log", "paperless.log.1", ".__paperless.lock"):
        (tmp_path / name).write_text("x\n")
    assert existing_logs(tmp_path) == ["celery"]


def test_prepare_log_dir_creates_the_directory(tmp_path: Path) -> None:
    """GIVEN a log directory that does not exist yet
    WHEN it is prepared
    THEN it exists."""
    assert prepare_log_dir(tmp_path / "a" / "log").is_dir()


def test_an_unusable_log_dir_is_one_clear_error(tmp_path: Path) -> None:
    """GIVEN a log directory below a regular file
    WHEN it is prepared
    THEN the error is one line naming PAPERLESS_LOGGING_DIR and the value."""
    (tmp_path / "file").write_text("")
    with pytest.raises(RuntimeSetupError) as caught:
        prepare_log_dir(tmp_path / "file" / "log")
    assert str(caught.value).startswith(f"PAPERLESS_LOGGING_DIR={tmp_path / 'file' / 'log'} ")
    assert "\n" not in str(caught.value)


def test_start_up_stops_on_an_unusable_log_dir(tmp_path: Path) -> None:
    """GIVEN PAPERLESS_LOGGING_DIR below a regular file
    WHEN a paperkeep command starts
    THEN it exits with one line on stderr naming the variable and the value."""
    (tmp_path / "file").write_text("")
    bad = tmp_path / "file" / "log"
    env = _env(tmp_path, PAPERLESS_LOGGING_DIR=str(bad))
    env.pop("DJANGO_SETTINGS_MODULE")
    result = subprocess.run([sys.executable, "-m", "paperkeep.cli", "showmigrations"], env=env, text=True,
                            capture_output=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"paperkeep: PAPERLESS_LOGGING_DIR={bad} cannot be created: Not a directory"
    ]


def test_the_settings_stop_on_an_unusable_log_dir(tmp_path: Path) -> None:
    """GIVEN PAPERLESS_LOGGING_DIR below a regular file, and a process that loads the settings without the CLI
    WHEN the settings load
    THEN they raise the one-line error naming the variable and the value."""
    (tmp_path / "file").write_text("")
    bad = tmp_path / "file" / "log"
    probe = "import paperkeep.settings"
    result = subprocess.run([sys.executable, "-c", probe], env=_env(tmp_path, PAPERLESS_LOGGING_DIR=str(bad)),
                            text=True, capture_output=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"paperkeep.runtime.RuntimeSetupError: PAPERLESS_LOGGING_DIR={bad} cannot be created: Not a directory"
    )


def test_the_logging_variables_are_effective(tmp_path: Path) -> None:
    """GIVEN PAPERLESS_LOGGING_DIR and both PAPERLESS_LOGROTATE_* set
    WHEN the configuration is diagnosed (as `paperkeep check` does)
    THEN none of them is listed as not yet effective."""
    from paperkeep.config import diagnose

    env = _env(tmp_path, PAPERLESS_LOGGING_DIR=str(tmp_path / "logs"), PAPERLESS_LOGROTATE_MAX_SIZE="5M",
               PAPERLESS_LOGROTATE_MAX_BACKUPS="3")
    diag = diagnose(environ=env)
    assert diag.errors == [] and diag.not_yet_effective == []
