"""The log files under PAPERLESS_LOGGING_DIR, kept as Paperless-ngx keeps them, and reading the end of one.

`paperless.log` gets Paperkeep's own loggers (web process and worker) and OCRmyPDF's; `celery.log` gets Celery's and
kombu's. Both rotate by size (PAPERLESS_LOGROTATE_MAX_SIZE, PAPERLESS_LOGROTATE_MAX_BACKUPS). The web workers and the
task worker write the same files, so the handler takes a lock file around every write and every rotation
(concurrent-log-handler, the handler Paperless-ngx uses). Stderr gets what it got before.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from paperkeep.runtime import RuntimeSetupError

# The API's names for the files; nothing else in the directory is ever read. Paperkeep writes no mail.log (there is
# no mail feature yet), but one left by Paperless-ngx in a shared log directory is shown, as Paperless-ngx does.
LOG_FILES: Mapping[str, str] = {"paperless": "paperless.log", "mail": "mail.log", "celery": "celery.log"}
FORMAT = "[{asctime}] [{levelname}] [{name}] {message}"
_TAIL_BLOCK = 64 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what Python's text mode (universal newlines) splits on


def prepare_log_dir(path: Path) -> Path:
    """Create the log directory if needed; raise RuntimeSetupError (one line) when it cannot be made or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RuntimeSetupError(f"PAPERLESS_LOGGING_DIR={path} cannot be created: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise RuntimeSetupError(f"PAPERLESS_LOGGING_DIR={path} is not writable by this user")
    return path


def logging_settings(log_dir: Path, *, max_bytes: int, backups: int, debug: bool) -> dict[str, Any]:
    """Return Django's LOGGING: stderr as before, plus paperless.log and celery.log in `log_dir`."""
    level = "DEBUG" if debug else "INFO"

    def file_handler(name: str) -> dict[str, Any]:
        return {
            "()": "paperkeep.logfiles.rotating_file_handler",
            "formatter": "plain",
            "filename": str(log_dir / LOG_FILES[name]),
            "max_bytes": max_bytes,
            "backups": backups,
        }

    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": FORMAT, "style": "{"}},
        "handlers": {
            # The level keeps stderr as it was while the files also get Paperkeep's debug lines (as Paperless-ngx).
            "console": {"class": "logging.StreamHandler", "formatter": "plain", "level": level},
            "file_paperless": file_handler("paperless"),
            "file_celery": file_handler("celery"),
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"level": "INFO" if debug else "WARNING"},
            "paperkeep": {"handlers": ["file_paperless"], "level": "DEBUG"},
            "ocrmypdf": {"handlers": ["file_paperless"]},
            "celery": {"handlers": ["file_celery"]},
            "kombu": {"handlers": ["file_celery"]},
        },
    }


def rotating_file_handler(filename: str, max_bytes: int, backups: int) -> logging.Handler:
    """Return a size-rotating file handler that several processes may share (used by `logging_settings`)."""
    # portalocker imports redis (~20 MiB, over a second on a cold start) only to offer a Redis lock we never use;
    # make that optional import fail so every web worker stays small. It is undone at once for anyone else.
    blocked = "redis" not in sys.modules and "portalocker" not in sys.modules
    if blocked:
        sys.modules["portalocker.redis"] = None  # type: ignore[assignment]
    try:
        from concurrent_log_handler import ConcurrentRotatingFileHandler
    finally:
        if blocked:
            del sys.modules["portalocker.redis"]
    return ConcurrentRotatingFileHandler(
        filename, mode="a", maxBytes=max_bytes, backupCount=backups, encoding="utf-8", use_gzip=False
    )


def log_file(log_dir: Path, name: str) -> Path | None:
    """Return the file for an API log name, or None for a name that is not one of LOG_FILES."""
    file_name = LOG_FILES.get(name)
    return log_dir / file_name if file_name else None


def existing_logs(log_dir: Path) -> list[str]:
    """Return the names of the logs whose file exists, in LOG_FILES order."""
    return [name for name, file_name in LOG_FILES.items() if (log_dir / file_name).is_file()]


def tail_lines(path: Path, limit: int | None = None) -> list[str]:
    """Return the last `limit` lines of a text file (all when None), each stripped of trailing whitespace.

    Only the end of the file is read: blocks from the end until enough line breaks are in hand.
    """
    with path.open("rb") as handle:
        data, partial_head = (handle.read(), False) if limit is None else _read_tail(handle, limit)
    lines = _LINE_BREAK.split(data.decode("utf-8", errors="replace"))
    if lines[-1] == "":
        lines.pop()  # the file ends with a line break (or is empty): no line after it
    if partial_head:
        lines = lines[1:]  # the first piece may start mid-line
    if limit is not None:
        lines = lines[-limit:] if limit else []
    return [line.rstrip() for line in lines]


def _read_tail(handle: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Read blocks from the end until more than `limit` line breaks are in hand (or the file's start is reached)."""
    position = handle.seek(0, os.SEEK_END)
    chunks: list[bytes] = []
    breaks = 0
    while position > 0 and breaks <= limit:
        size = min(_TAIL_BLOCK, position)
        position -= size
        handle.seek(position)
        chunk = handle.read(size)
        breaks += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        if chunks and chunk.endswith(b"\r") and chunks[-1].startswith(b"\n"):
            breaks -= 1  # one \r\n split across two blocks
        chunks.append(chunk)
    return b"".join(reversed(chunks)), position > 0
