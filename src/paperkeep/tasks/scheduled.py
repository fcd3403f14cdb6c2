"""Scheduled jobs (Paperless-ngx's Celery beat entries) as tasks, and the worker thread that queues them when due.

Jobs: empty the trash of documents trashed longer than PAPERLESS_EMPTY_TRASH_DELAY days (files included), the
sanity check (problems go to the log and fail the task), and the search-index optimize. Each run is a task
record (trigger source `scheduled`) so /api/tasks/ and the system status show it. When a job is due is decided by
`paperkeep.schedule` (cron lines, DATA_DIR/schedule.json); the `Scheduler` thread runs inside every worker and
claims due times under a file lock, so two workers never queue the same due time twice.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from celery import Task
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from paperkeep import schedule
from paperkeep.documents import sanity
from paperkeep.documents import search as search_index
from paperkeep.documents.actions import tasks as task_records
from paperkeep.documents.actions.documents import delete_documents
from paperkeep.documents.models import Document, PaperlessTask, TaskStatus, TaskType, TriggerSource
from paperkeep.documents.storage.journal import process_alive
from paperkeep.worker import app

logger = logging.getLogger(__name__)

TICK_SECONDS = 30.0
DELETE_BATCH = 100


# --- the jobs -----------------------------------------------------------------------------------------------


def empty_expired_trash() -> int:
    """Delete for good the documents trashed more than PAPERLESS_EMPTY_TRASH_DELAY days ago; return how many.

    Files go as with the trash's "delete" (unlinked, or moved to PAPERLESS_EMPTY_TRASH_DIR), and the index
    forgets them. Versions of an expired document go with it; they are deleted before their root.
    """
    cutoff = timezone.now() - timedelta(days=settings.CONFIG.trash.empty_trash_delay)
    expired = Document.deleted_objects.filter(deleted_at__lt=cutoff).values_list("pk", flat=True)
    candidates = Document.global_objects.filter(Q(pk__in=list(expired)) | Q(root_document_id__in=list(expired)))
    ids = [pk for pk, _root in sorted(candidates.values_list("pk", "root_document_id"), key=lambda r: r[1] is None)]
    deleted = 0
    for start in range(0, len(ids), DELETE_BATCH):
        batch = ids[start:start + DELETE_BATCH]
        order = {pk: position for position, pk in enumerate(batch)}
        # Checked again now: a document restored since the list was made must not go.
        still_expired = Q(deleted_at__lt=cutoff) | Q(root_document__deleted_at__lt=cutoff)
        documents = sorted(Document.global_objects.filter(still_expired, pk__in=batch), key=lambda d: order[d.pk])
        delete_documents(documents)
        deleted += len(documents)
    logger.info("Deleted %d document(s) from the trash (trashed more than %d day(s) ago)",
                deleted, settings.CONFIG.trash.empty_trash_delay)
    return deleted


class SanityCheckFailed(Exception):
    code = "tasks.sanity_check_failed"


def run_sanity_check() -> str:
    """Check every document's files and the index; log each finding; raise SanityCheckFailed on errors."""
    report = sanity.check()
    for note in report.cleaned:
        logger.info("Sanity check cleaned up: %s", note)
    levels = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}
    for finding in report.findings:
        logger.log(levels.get(finding.level, logging.INFO), "Sanity check: %s", finding.message)
    parts = []
    for level in ("error", "warning", "info"):
        documents = {f.document_id for f in report.findings if f.level == level and f.document_id is not None}
        if documents:
            parts.append(f"{len(documents)} document(s) with {level}s")
    general = sum(1 for f in report.findings if f.level == "warning" and f.document_id is None)
    if general:
        parts.append(f"{general} global warning(s)")
    if not parts:
        return "No issues detected."
    summary = ", ".join(parts) + " found."
    if any(f.level == "error" for f in report.findings):
        raise SanityCheckFailed(summary + " Check logs for details.")
    return summary


def optimize_index() -> None:
    """Let the index finish its segment merges and delete the files it no longer uses."""
    search_index.get_index().optimize()
    logger.info("Optimized the search index")


def _run_recorded(task_id: str | None, work: Callable[[], object]) -> None:
    """Run a job under its task record (claimed once: a second delivery does nothing); record how it ended."""
    if task_id is None:  # queued by hand without a record
        work()
        return
    if task_records.claim_task(task_id) is None:
        return
    try:
        work()
    except Exception as exc:  # the task runner is a process edge: log, record the failure, go on
        logger.exception("Scheduled task %s failed", task_id)
        task_records.mark_failure(task_id, str(exc) or type(exc).__name__, error_type=type(exc).__name__)
        return
    task_records.mark_success(task_id, {})


@app.task(name="paperkeep.scheduled.empty_trash", acks_late=True, ignore_result=True)
def empty_trash(task_id: str | None = None) -> None:
    """Empty the trash of expired documents."""
    _run_recorded(task_id, empty_expired_trash)


@app.task(name="paperkeep.scheduled.sanity_check", acks_late=True, ignore_result=True)
def sanity_check(task_id: str | None = None) -> None:
    """Run the sanity checker and log what it finds."""
    _run_recorded(task_id, run_sanity_check)


@app.task(name="paperkeep.scheduled.index_optimize", acks_late=True, ignore_result=True)
def index_optimize(task_id: str | None = None) -> None:
    """Tidy the search index's files."""
    _run_recorded(task_id, optimize_index)


TASKS: Mapping[str, Task] = {"empty_trash": empty_trash, "sanity": sanity_check, "index": index_optimize}
TASK_TYPES: Mapping[str, TaskType] = {
    "empty_trash": TaskType.EMPTY_TRASH, "sanity": TaskType.SANITY_CHECK, "index": TaskType.INDEX_OPTIMIZE,
}


# --- queueing them when due ---------------------------------------------------------------------------------


def queue_job(due: schedule.Due) -> str:
    """Record a scheduled task for a claimed due time and publish it once the record commits; return its id."""
    task_id = str(uuid.uuid4())
    with transaction.atomic():
        task_records.create_task(
            task_id, task_type=TASK_TYPES[due.job.name], trigger_source=TriggerSource.SCHEDULED,
            input_data={"job": due.job.name, "due": due.at.isoformat()},
        )  # fmt: skip
        transaction.on_commit(lambda: TASKS[due.job.name].apply_async(args=[task_id], task_id=task_id))
    logger.info("Queued the scheduled job %s (due %s) as task %s", due.job.name, due.at.isoformat(), task_id)
    return task_id


def fail_abandoned_runs() -> int:
    """Fail scheduled-job records left started by a worker that is gone (their next due time runs them again)."""
    started = PaperlessTask.objects.filter(task_type__in=list(TASK_TYPES.values()), status=TaskStatus.STARTED)
    abandoned = [task.task_id for task in started if not (task.worker and process_alive(task.worker))]
    for task_id in abandoned:
        task_records.mark_failure(task_id, "The worker stopped while this task ran.")
    return len(abandoned)


class Scheduler(threading.Thread):
    """Queue each job when its cron time comes (checks at least every TICK_SECONDS, and right at a due time)."""

    def __init__(self, jobs: tuple[schedule.Job, ...], state_file: Path) -> None:
        super().__init__(name="paperkeep-scheduler", daemon=True)
        self.jobs = jobs
        self.state_file = state_file
        self.stopping = threading.Event()

    def tick(self, now: datetime | None = None) -> list[str]:
        """Claim and queue what is due now; return the queued task ids."""
        queued = []
        for due in schedule.claim_due(self.state_file, self.jobs, now or datetime.now(UTC)):
            try:
                queued.append(queue_job(due))
            except Exception:  # one job failing to queue must not cost the others their run
                logger.exception("Could not queue the scheduled job %s due %s", due.job.name, due.at.isoformat())
        return queued

    def seconds_to_next(self) -> float:
        now = datetime.now(UTC)
        due = schedule.next_due(self.jobs, schedule.load_state(self.state_file), now)
        if due is None:
            return TICK_SECONDS
        return max(0.2, min(TICK_SECONDS, (due.at - now).total_seconds() + 0.05))

    def run(self) -> None:
        wait = 0.0
        while not self.stopping.wait(wait):
            try:
                self.tick()
                wait = self.seconds_to_next()
            except Exception:  # a broken schedule must not stop the worker; try again later
                logger.exception("Checking the schedule failed")
                wait = TICK_SECONDS
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(5)


_scheduler: Scheduler | None = None


def start_scheduler() -> Scheduler | None:
    """Start the scheduler thread (nothing to do when every job is disabled)."""
    global _scheduler
    cfg = settings.CONFIG
    jobs = schedule.jobs_from_config(cfg)
    for job in jobs:
        if not job.cron.possible:
            logger.warning("The cron line %r of the %s job matches no date; it never runs", job.cron.text, job.name)
    try:
        fail_abandoned_runs()
    except Exception:  # must not keep the worker from starting
        logger.exception("Could not tidy the records of interrupted scheduled tasks")
    if not jobs:
        logger.info("Every scheduled job is disabled; not starting the scheduler")
        return None
    _scheduler = Scheduler(jobs, schedule.state_path(settings.DATA_DIR))
    _scheduler.start()
    return _scheduler


def stop_scheduler() -> None:
    """Stop the scheduler thread, if running."""
    global _scheduler
    if _scheduler is not None:
        _scheduler.stop()
        _scheduler = None
