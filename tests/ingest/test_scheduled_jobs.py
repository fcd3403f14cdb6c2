"""The scheduled jobs: emptying the trash after the delay, the sanity check, the index optimize, and queueing them."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from paperkeep import schedule
from paperkeep.documents import search
from paperkeep.documents.actions import tasks as task_records
from paperkeep.documents.actions.documents import restore_documents, trash_documents
from paperkeep.documents.models import Document, PaperlessTask, TaskStatus, TaskType, TriggerSource
from paperkeep.documents.search.records import records_for
from paperkeep.documents.storage.layout import media
from paperkeep.tasks import scheduled
from paperkeep.worker import app
from tests.conftest import ConfigOverride, Dirs
from tests.documents.factories import stored_document

pytestmark = pytest.mark.django_db(transaction=True)


def files_of(document: Document) -> list[Path]:
    layout = media()
    assert document.filename and document.archive_filename
    return [layout.originals / document.filename, layout.archive / document.archive_filename,
            layout.thumbnails / f"{document.pk:07}.webp"]  # fmt: skip


def trashed_days_ago(document: Document, days: float) -> None:
    trash_documents([document])
    Document.global_objects.filter(pk=document.pk).update(deleted_at=timezone.now() - timedelta(days=days))


def recorded(task_type: TaskType) -> str:
    task_id = str(uuid.uuid4())
    task_records.create_task(task_id, task_type=task_type, trigger_source=TriggerSource.SCHEDULED, input_data={})
    return task_id


def test_empty_trash_deletes_only_documents_trashed_longer_than_the_delay(
    paperkeep_dirs: Dirs, override_config: ConfigOverride
) -> None:
    """GIVEN PAPERLESS_EMPTY_TRASH_DELAY=30, one document trashed 31 days ago, one 29 days ago, one not trashed
    WHEN the scheduled empty_trash task runs
    THEN only the first is gone, rows and files; the others keep theirs; the task record says success."""
    override_config("trash", empty_trash_delay=30)
    old, young, kept = (stored_document(paperkeep_dirs.root / "w", title) for title in ("Old", "Young", "Kept"))
    trashed_days_ago(old, 31)
    trashed_days_ago(young, 29)
    task_id = recorded(TaskType.EMPTY_TRASH)

    scheduled.empty_trash(task_id)

    assert sorted(Document.global_objects.values_list("title", flat=True)) == ["Kept", "Young"]
    assert not any(path.exists() for path in files_of(old))
    assert all(path.exists() for document in (young, kept) for path in files_of(document))
    assert PaperlessTask.objects.get(task_id=task_id).status == TaskStatus.SUCCESS


def test_empty_trash_honours_a_shorter_delay(paperkeep_dirs: Dirs, override_config: ConfigOverride) -> None:
    """GIVEN PAPERLESS_EMPTY_TRASH_DELAY=1 and a document trashed two days ago
    WHEN the expired trash is emptied
    THEN it is deleted, and the count says so."""
    override_config("trash", empty_trash_delay=1)
    document = stored_document(paperkeep_dirs.root / "w")
    trashed_days_ago(document, 2)
    assert scheduled.empty_expired_trash() == 1
    assert not Document.global_objects.exists()


def test_a_document_restored_while_the_trash_is_emptied_is_kept(
    paperkeep_dirs: Dirs, override_config: ConfigOverride, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN two documents trashed 40 days ago, emptied one per batch
    WHEN a user restores the second one while the first batch is being deleted (simulated by restoring it from
         inside the first deletion, the moment the race allows)
    THEN the restored document and its files stay; only the first is deleted."""
    override_config("trash", empty_trash_delay=30)
    first, second = (stored_document(paperkeep_dirs.root / "w", title) for title in ("First", "Second"))
    trashed_days_ago(first, 40)
    trashed_days_ago(second, 40)
    monkeypatch.setattr(scheduled, "DELETE_BATCH", 1)
    real_delete = scheduled.delete_documents
    restored: list[int] = []

    def delete_while_a_user_restores(documents: list[Document]) -> None:
        if not restored:  # the first batch: the user restores the other document now
            other = next(d for d in (first, second) if d.pk not in {doc.pk for doc in documents})
            restore_documents([Document.global_objects.get(pk=other.pk)])
            restored.append(other.pk)
        real_delete(documents)

    monkeypatch.setattr(scheduled, "delete_documents", delete_while_a_user_restores)
    assert scheduled.empty_expired_trash() == 1
    assert list(Document.objects.values_list("pk", flat=True)) == restored
    assert all(path.exists() for path in files_of(Document.objects.get(pk=restored[0])))


def test_empty_trash_moves_files_to_the_trash_dir_when_set(
    paperkeep_dirs: Dirs, override_config: ConfigOverride
) -> None:
    """GIVEN PAPERLESS_EMPTY_TRASH_DIR and a document trashed 40 days ago
    WHEN the expired trash is emptied
    THEN its original and archive are moved into that folder instead of unlinked."""
    trash_dir = paperkeep_dirs.root / "kept-files"
    override_config("paths", empty_trash_dir=trash_dir)
    document = stored_document(paperkeep_dirs.root / "w", "Receipt")
    trashed_days_ago(document, 40)
    scheduled.empty_expired_trash()
    assert sorted(p.suffix for p in trash_dir.iterdir()) == [".pdf", ".txt"]
    assert not any(path.exists() for path in files_of(document))


def test_empty_trash_forgets_the_documents_in_the_index(paperkeep_dirs: Dirs, override_config: ConfigOverride) -> None:
    """GIVEN a document trashed 31 days ago but still in the index, and an indexed live document
    WHEN the expired trash is emptied
    THEN the index no longer holds the deleted one and still holds the live one."""
    override_config("trash", empty_trash_delay=30)
    old, live = stored_document(paperkeep_dirs.root / "w", "Old"), stored_document(paperkeep_dirs.root / "w", "Live")
    search.sync([old.pk, live.pk])
    [old_record] = records_for([old.pk]).records
    trashed_days_ago(old, 31)
    with search.get_index().writer() as batch:  # as if the trashing's removal had not reached the index
        batch.upsert(old_record)
    assert search.fresh_index().doc_ids() == {old.pk, live.pk}
    scheduled.empty_expired_trash()
    assert search.fresh_index().doc_ids() == {live.pk}


def test_the_sanity_check_records_failure_when_a_file_is_missing(paperkeep_dirs: Dirs) -> None:
    """GIVEN a document whose original was removed behind Paperkeep's back
    WHEN the scheduled sanity check runs
    THEN the task fails with a summary naming one document with errors."""
    document = stored_document(paperkeep_dirs.root / "w")
    files_of(document)[0].unlink()
    task_id = recorded(TaskType.SANITY_CHECK)
    scheduled.sanity_check(task_id)
    task = PaperlessTask.objects.get(task_id=task_id)
    assert task.status == TaskStatus.FAILURE
    assert (task.result_data or {})["error_message"] == "1 document(s) with errors found. Check logs for details."


def test_the_sanity_check_succeeds_on_a_healthy_library(paperkeep_dirs: Dirs) -> None:
    """GIVEN a healthy stored document
    WHEN the scheduled sanity check runs
    THEN the task succeeds."""
    stored_document(paperkeep_dirs.root / "w")
    task_id = recorded(TaskType.SANITY_CHECK)
    scheduled.sanity_check(task_id)
    assert PaperlessTask.objects.get(task_id=task_id).status == TaskStatus.SUCCESS


def test_the_index_optimize_keeps_the_index_searchable(paperkeep_dirs: Dirs) -> None:
    """GIVEN an indexed document
    WHEN the scheduled index optimize runs
    THEN the task succeeds and the document is still in the index."""
    document = stored_document(paperkeep_dirs.root / "w")
    search.sync([document.pk])
    task_id = recorded(TaskType.INDEX_OPTIMIZE)
    scheduled.index_optimize(task_id)
    assert PaperlessTask.objects.get(task_id=task_id).status == TaskStatus.SUCCESS
    assert search.fresh_index().doc_ids() == {document.pk}


def test_a_second_delivery_of_a_scheduled_task_does_nothing(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN an empty_trash task that already ran
    WHEN its message is delivered again after a document expired
    THEN nothing more is deleted (the record is claimed once)."""
    override_config("trash", empty_trash_delay=1)
    task_id = recorded(TaskType.EMPTY_TRASH)
    scheduled.empty_trash(task_id)
    document = stored_document(paperkeep_dirs.root / "w")
    trashed_days_ago(document, 3)
    scheduled.empty_trash(task_id)
    assert Document.global_objects.filter(pk=document.pk).exists()


def test_every_job_with_a_cron_has_a_task_of_that_name() -> None:
    """GIVEN the jobs the scheduler knows (paperkeep.schedule.JOB_TASKS)
    WHEN they are matched with the Celery tasks
    THEN each name is a registered task and the task type is set."""
    assert {name: task.name for name, task in scheduled.TASKS.items()} == dict(schedule.JOB_TASKS)
    assert set(scheduled.TASK_TYPES) == set(schedule.JOB_TASKS)


def test_a_tick_records_and_queues_each_due_job_once(paperkeep_dirs: Dirs) -> None:
    """GIVEN the empty-trash job handled up to two minutes ago with an every-minute cron
    WHEN the scheduler ticks twice
    THEN one scheduled empty_trash task is recorded and its message is in the queue folder."""
    queue = Path(app.conf.broker_transport_options["data_folder_in"])  # the test process's broker folder
    before = {entry.name for entry in os.scandir(queue)}
    state_file = schedule.state_path(paperkeep_dirs.data)
    now = datetime.now(UTC)
    schedule.save_state(state_file, schedule.State({"empty_trash": now - timedelta(minutes=2)}))
    ticker = scheduled.Scheduler((schedule.Job("empty_trash", "x", schedule.Cron.parse("* * * * *")),), state_file)
    try:
        [task_id] = ticker.tick(now)
        assert ticker.tick(now + timedelta(seconds=1)) == []
        task = PaperlessTask.objects.get(task_id=task_id)
        assert (task.task_type, task.trigger_source, task.status) == ("empty_trash", "scheduled", "pending")
        new = [entry for entry in os.scandir(queue) if entry.name not in before and entry.is_file()]
        assert len(new) == 1 and task_id.encode() in Path(new[0].path).read_bytes()
    finally:
        for entry in os.scandir(queue):
            if entry.name not in before and entry.is_file():
                os.unlink(entry.path)


def test_a_run_left_started_by_a_dead_worker_is_failed_at_start(paperkeep_dirs: Dirs) -> None:
    """GIVEN a scheduled sanity-check record left started by a process that no longer exists
    WHEN the worker's scheduler starts
    THEN that record is marked failed, so it no longer looks like it is running."""
    task_id = recorded(TaskType.SANITY_CHECK)
    dead = f"{socket.gethostname()}:999999:123"
    PaperlessTask.objects.filter(task_id=task_id).update(status=TaskStatus.STARTED, worker=dead)
    assert scheduled.fail_abandoned_runs() == 1
    assert PaperlessTask.objects.get(task_id=task_id).status == TaskStatus.FAILURE
