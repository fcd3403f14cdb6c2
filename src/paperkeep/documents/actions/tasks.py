"""Task records: created queued, claimed once, moved forward, finished with a result or a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from paperkeep.documents.models import PaperlessTask, TaskStatus, TaskType, TriggerSource
from paperkeep.documents.storage.journal import current_process


def create_task(
    task_id: str,
    *,
    task_type: TaskType,
    trigger_source: TriggerSource,
    input_data: Mapping[str, object],
    owner_id: int | None = None,
) -> PaperlessTask:
    """Record a new, queued task."""
    return PaperlessTask.objects.create(
        task_id=task_id,
        task_type=task_type,
        trigger_source=trigger_source,
        input_data=dict(input_data),
        owner_id=owner_id,
        status=TaskStatus.PENDING,
    )


def claim_task(task_id: str) -> PaperlessTask | None:
    """Move a queued task to started; return it, or None if it is not queued (done, or taken by someone else).

    The conditional update makes a second delivery of the same message a no-op.
    """
    now = timezone.now()
    claimed = PaperlessTask.objects.filter(task_id=task_id, status=TaskStatus.PENDING).update(
        status=TaskStatus.STARTED,
        date_started=now,
        attempts=F("attempts") + 1,
        progress=0,
        progress_message="",
        worker=current_process(),
    )
    if not claimed:
        return None
    task = PaperlessTask.objects.get(task_id=task_id)
    task.wait_time_seconds = _seconds(task.date_created, now)
    task.save(update_fields=["wait_time_seconds"])
    return task


def set_progress(task_id: str, percent: int, message: str) -> None:
    """Record how far a running task got (0-100) and a short message code such as `parsing_document`."""
    PaperlessTask.objects.filter(task_id=task_id).update(progress=max(0, min(100, percent)), progress_message=message)


def _finish(task_id: str, status: TaskStatus, result: Mapping[str, object]) -> None:
    now = timezone.now()
    task = PaperlessTask.objects.get(task_id=task_id)
    task.status = status
    task.date_done = now
    task.duration_seconds = _seconds(task.date_started, now) if task.date_started else None
    task.result_data = dict(result)
    task.progress = 100 if status == TaskStatus.SUCCESS else task.progress
    task.progress_message = "finished" if status == TaskStatus.SUCCESS else "failed"
    task.save()


def mark_success(task_id: str, result: Mapping[str, object]) -> None:
    """Finish a task successfully; for ingest `result` holds `document_id`."""
    _finish(task_id, TaskStatus.SUCCESS, result)


def mark_failure(task_id: str, reason: str, **details: object) -> None:
    """Finish a task as failed with a human reason (and e.g. `kept_at`, `duplicate_of`, `code`)."""
    _finish(task_id, TaskStatus.FAILURE, {"reason": reason, "error_message": reason, **details})


def requeue(task_id: str, *, interrupted: bool = False) -> bool:
    """Put a task whose worker died back to queued; return whether it was unfinished.

    `interrupted`: the worker died while running it; counted in `result_data["interrupted"]` (see
    `interruptions`), so that a file that keeps killing the worker can be set aside instead of run forever."""
    unfinished = PaperlessTask.objects.filter(task_id=task_id, status__in=[TaskStatus.PENDING, TaskStatus.STARTED])
    task = unfinished.first()
    if task is None:
        return False
    data = dict(task.result_data or {})
    if interrupted:
        data["interrupted"] = interruptions(task) + 1
    return bool(unfinished.update(status=TaskStatus.PENDING, progress=0, progress_message="", result_data=data))


def interruptions(task: PaperlessTask) -> int:
    """How many times a worker died while running this task."""
    value = (task.result_data or {}).get("interrupted", 0)
    return value if isinstance(value, int) else 0


def acknowledge(task_ids: Iterable[int]) -> int:
    """Mark tasks (by id) as acknowledged; return how many changed."""
    return PaperlessTask.objects.filter(pk__in=list(task_ids), acknowledged=False).update(acknowledged=True)


def _seconds(start: datetime | None, end: datetime) -> float | None:
    return None if start is None else round((end - start).total_seconds(), 3)
