"""The consume task, and submitting inputs to it (upload, consume folder, command line)."""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from paperkeep.ingest import runner, submit
from paperkeep.ingest.context import IngestInput, Overrides, Source
from paperkeep.parsers import EmptyFile, UnsupportedType, detect_mime, get_parser
from paperkeep.worker import app

logger = logging.getLogger(__name__)


@app.task(name="paperkeep.consume_file", acks_late=True, ignore_result=True)
def consume_file(task_id: str) -> int | None:
    """Consume the input recorded in task `task_id` (a second delivery of the same task does nothing)."""
    return runner.run(task_id)


def publish(task_id: str) -> None:
    """Send the message that makes a worker run this task."""
    consume_file.apply_async(args=[task_id], task_id=task_id)


def submit_input(ingest_input: IngestInput, *, owner_id: int | None = None) -> str:
    """Record the task and publish it once the transaction commits; return the task id."""
    with transaction.atomic():
        submit.record_submission(ingest_input, owner_id=owner_id)
        transaction.on_commit(lambda: publish(ingest_input.task_id))
    return ingest_input.task_id


def submit_upload(
    name: str,
    chunks: Iterable[bytes],
    overrides: Overrides,
    *,
    source: Source = Source.API_UPLOAD,
    owner_id: int | None = None,
) -> str:
    """Stage an uploaded file durably under DATA_DIR/uploads, check its type and queue it; return the task id.

    Raises UnsupportedType (and keeps nothing) when no parser handles the file's content.
    """
    task_id = str(uuid.uuid4())
    path = submit.stage_input(task_id, name, chunks)
    try:
        mime = detect_mime(path)
    except EmptyFile:
        mime = "application/x-empty"
    if get_parser(mime, path) is None:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise UnsupportedType(f"File type {mime} not supported")
    ingest_input = IngestInput(task_id, path, submit.safe_name(name), source, overrides, staged=True)
    return submit_input(ingest_input, owner_id=owner_id)


def record_local_file(path: Path, overrides: Overrides) -> IngestInput:
    """Copy a local file (the `consume` command) into the uploads folder and record its task (not published)."""
    task_id = str(uuid.uuid4())
    staged = submit.stage_file(task_id, path)
    ingest_input = IngestInput(task_id, staged, submit.safe_name(path.name), Source.MANUAL, overrides, staged=True)
    submit.record_submission(ingest_input, owner_id=overrides.owner_id)
    return ingest_input


def submit_folder_file(path: Path, tag_names: tuple[str, ...]) -> str | None:
    """Queue a stable consume-folder file (unless this very file already has a task); return the task id."""
    try:
        print_ = submit.fingerprint(path)
    except FileNotFoundError:
        return None
    if submit.already_submitted(path, print_):
        return None
    overrides = Overrides(tag_ids=submit.resolve_tags(tag_names))
    ingest_input = IngestInput(
        str(uuid.uuid4()), path, path.name, Source.CONSUME_FOLDER, overrides, staged=False, fingerprint=print_
    )
    task_id = submit_input(ingest_input)
    logger.info("Queued %s from the consume folder as task %s", path, task_id)
    return task_id
