"""Helpers for ingest tests: submit a file the way a source does, run its task in this process."""

from __future__ import annotations

import uuid
from pathlib import Path

from paperkeep.documents.models import Document, PaperlessTask
from paperkeep.ingest import runner, submit
from paperkeep.ingest.context import IngestInput, Overrides, Source


def consume_now(
    path: Path,
    *,
    overrides: Overrides | None = None,
    source: Source = Source.CONSUME_FOLDER,
    owner_id: int | None = None,
) -> PaperlessTask:
    """Record a task for `path` (as the consume folder or an upload would) and run it here; return the task."""
    task_id = str(uuid.uuid4())
    staged = source != Source.CONSUME_FOLDER
    if staged:
        path = submit.stage_file(task_id, path)
    ingest_input = IngestInput(task_id, path, path.name, source, overrides or Overrides(), staged=staged)
    submit.record_submission(ingest_input, owner_id=owner_id)
    runner.run(task_id)
    return PaperlessTask.objects.get(task_id=task_id)


def document_of(task: PaperlessTask) -> Document:
    """Return the document a successful task made."""
    assert task.status == "success", task.result_data
    return Document.objects.get(pk=(task.result_data or {})["document_id"])
