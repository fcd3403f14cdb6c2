"""What a starting worker repairs: tasks left unfinished, clean-ups left undone, placements left half-way."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from paperkeep.documents.actions.tasks import claim_task
from paperkeep.documents.models import Document, PaperlessTask
from paperkeep.documents.storage import journal
from paperkeep.documents.storage.layout import media
from paperkeep.ingest import recovery, submit
from paperkeep.ingest.context import IngestInput, Overrides, Source
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.helpers import consume_now, document_of

pytestmark = pytest.mark.django_db

LINES = [["A letter about the annual meeting", "held on 12.06.2023 in the town hall"] * 4]


def _dead_here() -> str:
    """A process token for this machine naming a process that does not exist."""
    host = journal.current_process().split(":", 1)[0]
    return f"{host}:999999:1"


def record(path: Path) -> str:
    task_id = str(uuid.uuid4())
    submit.record_submission(IngestInput(task_id, path, path.name, Source.CONSUME_FOLDER, Overrides()))
    return task_id


def kill_claim(task_id: str) -> None:
    """Mark the task started by a process that no longer exists (as after SIGKILL)."""
    claim_task(task_id)
    PaperlessTask.objects.filter(task_id=task_id).update(worker=_dead_here())


def test_a_task_started_by_a_dead_worker_is_queued_again(paperkeep_dirs: Dirs) -> None:
    """GIVEN a task that a worker claimed and then died, its input still in place
    WHEN a worker starts
    THEN the task is queued again and returned for publishing."""
    task_id = record(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LINES))
    kill_claim(task_id)
    assert recovery.recover() == [task_id]
    assert PaperlessTask.objects.get(task_id=task_id).status == "pending"


def test_a_queued_task_is_published_again(paperkeep_dirs: Dirs) -> None:
    """GIVEN a queued task whose message may have been lost
    WHEN a worker starts
    THEN the task is returned for publishing (a duplicate delivery is harmless)."""
    task_id = record(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LINES))
    assert recovery.recover() == [task_id]


def test_a_task_running_in_a_live_process_is_left_alone(paperkeep_dirs: Dirs) -> None:
    """GIVEN a task started by this (live) process
    WHEN recovery runs
    THEN it is neither queued again nor failed."""
    task_id = record(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LINES))
    claim_task(task_id)
    assert recovery.recover() == []
    assert PaperlessTask.objects.get(task_id=task_id).status == "started"


def test_an_unfinished_task_without_its_input_fails_with_a_reason(paperkeep_dirs: Dirs) -> None:
    """GIVEN a queued task whose input file has disappeared
    WHEN a worker starts
    THEN the task fails saying the file is no longer there."""
    path = filegen.text_pdf(paperkeep_dirs.consume / "gone.pdf", LINES)
    task_id = record(path)
    path.unlink()
    assert recovery.recover() == []
    task = PaperlessTask.objects.get(task_id=task_id)
    assert task.status == "failure" and "no longer there" in task.result_data["reason"]


def test_a_committed_documents_leftover_input_is_removed(paperkeep_dirs: Dirs) -> None:
    """GIVEN a consumed letter whose input file came back (as if the process died before deleting it)
    WHEN a worker starts
    THEN the input is removed and no second task is made."""
    path = filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LINES)
    data = path.read_bytes()
    task = consume_now(path)
    path.write_bytes(data)
    assert recovery.recover() == []
    assert not path.exists() and PaperlessTask.objects.count() == 1 and document_of(task)


def test_a_leftover_input_with_other_content_is_kept(paperkeep_dirs: Dirs) -> None:
    """GIVEN a consumed letter and, at its old path, a new file with other content
    WHEN a worker starts
    THEN the new file stays, to be consumed as a new document."""
    path = filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LINES)
    consume_now(path)
    path.write_bytes(b"%PDF-1.4 something else")
    recovery.recover()
    assert path.exists()


def test_an_uncommitted_placement_of_a_dead_process_is_undone(paperkeep_dirs: Dirs) -> None:
    """GIVEN a journal of a dead process naming a placed original whose row never committed
    WHEN a worker starts
    THEN the placed file and the journal are removed, and no document exists."""
    media().ensure()
    placed = media().originals / "0000001.pdf"
    placed.write_bytes(b"%PDF orphan")
    journal.write(
        journal.Journal(key="k1", document_id=1, expect={"filename": "0000001.pdf"},
                        created=("documents/originals/0000001.pdf",), owner=_dead_here())
    )  # fmt: skip
    recovery.recover()
    assert not placed.exists() and journal.read_all() == [] and not Document.objects.exists()




def test_a_file_that_keeps_killing_the_worker_is_set_aside_with_a_reason(paperkeep_dirs: Dirs) -> None:
    """GIVEN a file during which the worker dies again and again (a crash in a native library, say)
    WHEN workers start after each death
    THEN it is queued again twice, and after the third death it fails with a reason and the file is kept in
         failed/ with a .reason file, so the worker goes on with other work instead of dying on it forever."""
    path = filegen.text_pdf(paperkeep_dirs.consume / "poison.pdf", LINES)
    content = path.read_bytes()
    task_id = record(path)
    for _ in range(recovery.MAX_INTERRUPTIONS - 1):
        kill_claim(task_id)
        assert recovery.recover() == [task_id]
    kill_claim(task_id)
    assert recovery.recover() == []
    task = PaperlessTask.objects.get(task_id=task_id)
    assert task.status == "failure" and task.result_data["code"] == "worker_interrupted"
    assert "stopped 3 times" in task.result_data["reason"]
    kept = Path(task.result_data["kept_at"])
    assert kept.read_bytes() == content and not path.exists()
    assert "poison.pdf" in kept.with_name(kept.name + ".reason").read_text()


def test_a_task_that_was_only_queued_does_not_count_as_interrupted(paperkeep_dirs: Dirs) -> None:
    """GIVEN a queued task that no worker started, found by many worker starts
    WHEN workers start again and again
    THEN it is published each time and never set aside (only deaths while running it count)."""
    task_id = record(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LINES))
    for _ in range(recovery.MAX_INTERRUPTIONS + 1):
        assert recovery.recover() == [task_id]
    assert PaperlessTask.objects.get(task_id=task_id).status == "pending"
