"""Run one consume task: claim it, run the steps, then keep or remove the input and record the outcome.

This is the pipeline's only process edge: progress, logging, clean-up and the task record live here,
and it is the one place that catches every exception (the worker must keep working after any input).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.db import connection, transaction

from paperkeep.documents import appconfig, failpoints
from paperkeep.documents.actions import tasks as task_records
from paperkeep.documents.errors import DocumentsError
from paperkeep.documents.storage import placement
from paperkeep.documents.storage.durable import fsync_dir
from paperkeep.ingest import failures
from paperkeep.ingest.context import Context, IngestInput
from paperkeep.ingest.errors import IngestError
from paperkeep.ingest.steps import COMMIT, PREPARE
from paperkeep.ingest.submit import uploads_dir
from paperkeep.parsers import ParseError

logger = logging.getLogger(__name__)

EXPECTED_ERRORS = (IngestError, ParseError, DocumentsError)


def _progress(task_id: str, step: ModuleType) -> None:
    percent, message = step.PROGRESS
    task_records.set_progress(task_id, percent, message)


def _durable_commits() -> None:
    """Make this connection's commits survive a power cut before the input is deleted (SQLite in WAL mode
    with synchronous=NORMAL only guarantees that against a crash of the process)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")


def run(task_id: str) -> int | None:
    """Consume the input of task `task_id`; return the new document's id, or None (failed or not queued)."""
    _durable_commits()
    task = task_records.claim_task(task_id)
    if task is None:
        logger.info("Task %s is not queued (already done, or running elsewhere); skipping it", task_id)
        return None
    try:
        ingest_input = IngestInput.from_json(task_id, task.input_data)
    except (KeyError, ValueError, TypeError) as exc:
        task_records.mark_failure(task_id, f"The task's input is unreadable: {exc}", code="bad_task")
        return None
    started = time.monotonic()
    scratch = Path(settings.SCRATCH_DIR)
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix="ingest-") as work:
        ctx = Context(ingest_input, appconfig.parse_options(settings.CONFIG), Path(work))
        try:
            ctx = _run_steps(ctx)
        except Exception as exc:  # the process edge: every failure ends as a task with a reason
            _fail(ingest_input, exc)
            return None
    failpoints.hit("after_commit")
    placement.finish(task_id)
    _remove_input(ctx)
    logger.info(
        "Consumed %s as document %s in %.1f s", ingest_input.original_filename, ctx.document_id,
        time.monotonic() - started,
    )  # fmt: skip
    return ctx.document_id


def _run_steps(ctx: Context) -> Context:
    task_id = ctx.input.task_id
    for step in PREPARE:
        _progress(task_id, step)
        ctx = step.run(ctx)
    _progress(task_id, COMMIT[0])
    with transaction.atomic():
        for step in COMMIT:
            ctx = step.run(ctx)
        result: dict[str, object] = {"document_id": ctx.document_id}
        if ctx.duplicates:
            result["duplicates_found"] = list(ctx.duplicates)
        task_records.mark_success(task_id, result)
        failpoints.hit("before_commit")
    return ctx


def describe(ingest_input: IngestInput, exc: BaseException) -> tuple[str, str, dict[str, object]]:
    """Return (reason for people, code, extra details) for a failure."""
    name = ingest_input.original_filename
    if isinstance(exc, IngestError):
        return str(exc), exc.code, exc.details()
    if isinstance(exc, ParseError | DocumentsError):
        message = str(exc)
        reason = message if message.startswith(name) else f"{name}: {message}"
        return reason, exc.code, {}
    return (
        f"{name}: an unexpected error stopped the import ({type(exc).__name__}: {exc}). "
        "The file was kept; the worker log has the details.",
        "unexpected_error",
        {},
    )


def _fail(ingest_input: IngestInput, exc: BaseException) -> None:
    task_id = ingest_input.task_id
    if isinstance(exc, EXPECTED_ERRORS):
        logger.warning("Not consuming %s: %s", ingest_input.original_filename, exc)
    else:
        logger.exception("Consuming %s failed unexpectedly", ingest_input.original_filename)
    placement.abandon(task_id)
    reason, code, details = describe(ingest_input, exc)
    source = ingest_input.path
    if getattr(exc, "leave_in_place", False) or not source.exists():
        kept_at = str(source) if source.exists() else None
        task_records.mark_failure(task_id, reason, code=code, kept_at=kept_at, **details)
        return
    # Record first, then move: a crash in between leaves the input where it was, to be tried again.
    target = failures.planned_target(ingest_input)
    task_records.mark_failure(task_id, reason, code=code, kept_at=str(target), **details)
    try:
        failures.keep(ingest_input, target, reason)
    except OSError:
        logger.exception("Could not move the failed input %s; it stays at %s", source.name, source)
        task_records.mark_failure(task_id, reason, code=code, kept_at=str(source), **details)


def _remove_input(ctx: Context) -> None:
    """Delete the input after its document committed (unless it changed meanwhile: then it is new input)."""
    path = ctx.input.path
    if ctx.input.staged:
        if path.parent.parent == uploads_dir():
            shutil.rmtree(path.parent, ignore_errors=True)
        return
    try:
        stat = path.stat()
    except FileNotFoundError:
        return
    if (stat.st_size, stat.st_mtime_ns) != (ctx.size, ctx.mtime_ns):
        logger.warning("%s changed after it was consumed; leaving the new version to be consumed", path)
        return
    path.unlink()
    shadow = path.with_name("._" + path.name)  # macOS resource-fork companion
    shadow.unlink(missing_ok=True)
    fsync_dir(path.parent)
    failpoints.hit("after_input_removed")
