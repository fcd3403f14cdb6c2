"""What a worker does when it starts, before taking any task: repair what a crash left behind.

1. Settle the placement journals of dead processes (undo uncommitted files, finish committed moves).
2. Drop staging folders of tasks that are not running.
3. Finish the clean-up of tasks that succeeded (input still there) or failed (staged input not yet moved).
4. Put tasks left queued, or started by a process that is gone, back in the queue when their input still
   exists; fail them with a reason when it does not. The caller (the tasks layer) publishes the returned ids.
   A task started by a live process (another worker, another machine) is left alone.

With the filesystem broker a message is gone once a worker took it, so step 4 is what makes a killed worker's
task run again; with Redis it may arrive twice, and `claim_task` makes the second delivery a no-op.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from paperkeep.documents.actions import tasks as task_records
from paperkeep.documents.models import UNFINISHED, Document, PaperlessTask, TaskStatus, TaskType
from paperkeep.documents.storage import journal
from paperkeep.documents.storage.durable import sha256_file
from paperkeep.documents.storage.journal import process_alive
from paperkeep.documents.storage.layout import media
from paperkeep.ingest import failures
from paperkeep.ingest.context import IngestInput
from paperkeep.ingest.submit import uploads_dir

logger = logging.getLogger(__name__)

RECENT_FINISHED = 500
# A file during which the worker died this many times is set aside (failed/, with a reason), so that one input that
# crashes the worker (a segfault in a native library, memory exhaustion) cannot stop all ingest for good.
MAX_INTERRUPTIONS = 3


def recover() -> list[str]:
    """Repair after a crash; return the ids of the consume tasks to publish again."""
    journal.recover()
    _drop_stale_staging()
    _finish_cleanups()
    return _requeue_unfinished()


def _running_elsewhere(task: PaperlessTask) -> bool:
    """Whether a started task's worker is still alive (or on another machine, where we cannot tell)."""
    return task.status == TaskStatus.STARTED and bool(task.worker) and process_alive(task.worker)


def _drop_stale_staging() -> None:
    staging = media().staging
    if not staging.is_dir():
        return
    started = PaperlessTask.objects.filter(status=TaskStatus.STARTED)
    running = {task.task_id for task in started if _running_elsewhere(task)}
    for folder in staging.iterdir():
        if folder.name not in running:
            shutil.rmtree(folder, ignore_errors=True)


def _input_of(task: PaperlessTask) -> IngestInput | None:
    try:
        return IngestInput.from_json(task.task_id, task.input_data)
    except (KeyError, ValueError, TypeError):
        return None


def _finish_cleanups() -> None:
    finished = PaperlessTask.objects.filter(
        task_type=TaskType.CONSUME_FILE, status__in=[TaskStatus.SUCCESS, TaskStatus.FAILURE]
    ).order_by("-date_done")[:RECENT_FINISHED]
    for task in finished:
        ingest_input = _input_of(task)
        if ingest_input is None or not ingest_input.path.exists():
            continue
        if task.status == TaskStatus.SUCCESS:
            _remove_consumed_input(task, ingest_input)
        elif ingest_input.staged:
            kept_at = (task.result_data or {}).get("kept_at")
            target = Path(kept_at) if isinstance(kept_at, str) else failures.planned_target(ingest_input)
            if target.exists():
                target = failures.planned_target(ingest_input)
            reason = str((task.result_data or {}).get("reason") or "failed")
            failures.keep(ingest_input, target, reason)


def _remove_consumed_input(task: PaperlessTask, ingest_input: IngestInput) -> None:
    """The document committed but the input was not removed yet: remove it if it is the same content."""
    document_id = (task.result_data or {}).get("document_id")
    if not isinstance(document_id, int):
        return
    document = Document.global_objects.filter(pk=document_id).first()
    if document is None or sha256_file(ingest_input.path) != document.checksum:
        return
    if ingest_input.staged and ingest_input.path.parent.parent == uploads_dir():
        shutil.rmtree(ingest_input.path.parent, ignore_errors=True)
    else:
        ingest_input.path.unlink()
    logger.warning("Crash recovery: removed %s, already stored as document %s", ingest_input.path, document.pk)


def _set_aside(task: PaperlessTask, ingest_input: IngestInput) -> None:
    reason = (
        f"{ingest_input.original_filename}: the worker stopped {MAX_INTERRUPTIONS} times while consuming this file "
        "(it may crash a library that reads it, or need more memory than there is); it was set aside."
    )
    kept = failures.keep(ingest_input, failures.planned_target(ingest_input), reason)
    task_records.mark_failure(task.task_id, f"{reason} The file is kept at {kept}.", kept_at=str(kept),
                              code="worker_interrupted")  # fmt: skip
    logger.error("Crash recovery: %s", reason)


def _requeue_unfinished() -> list[str]:
    again: list[str] = []
    for task in PaperlessTask.objects.filter(task_type=TaskType.CONSUME_FILE, status__in=UNFINISHED):
        if _running_elsewhere(task):
            continue
        ingest_input = _input_of(task)
        if ingest_input is not None and ingest_input.path.exists():
            interrupted = task.status == TaskStatus.STARTED
            if interrupted and task_records.interruptions(task) + 1 >= MAX_INTERRUPTIONS:
                _set_aside(task, ingest_input)
                continue
            task_records.requeue(task.task_id, interrupted=interrupted)
            again.append(task.task_id)
            continue
        name = ingest_input.original_filename if ingest_input else task.task_id
        task_records.mark_failure(
            task.task_id,
            f"{name}: the worker stopped before this file was consumed, and the file is no longer there.",
            code="file_not_found",
        )
    if again:
        logger.warning("Crash recovery: queueing %d unfinished task(s) again", len(again))
    return again
