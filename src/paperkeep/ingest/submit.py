"""Record an input as a queued task. Sources call this; the tasks layer publishes the message.

Uploads and command-line files are first copied, durably, into `DATA_DIR/uploads/<task id>/` (never /tmp),
so a queued task's input survives a restart until its document is committed.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePath

from django.conf import settings
from pathvalidate import sanitize_filename

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.actions.tasks import create_task
from paperkeep.documents.models import PaperlessTask, Tag, TaskType, TriggerSource
from paperkeep.documents.storage.durable import fsync_dir, temp_name_for
from paperkeep.ingest.context import IngestInput

MAX_NAME_BYTES = 200


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def failed_uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "failed"


def safe_name(name: str) -> str:
    """Return a file name safe to store: NFC, no directories, no forbidden characters, not too long."""
    base = PurePath(unicodedata.normalize("NFC", name or "").replace("\\", "/")).name
    clean = sanitize_filename(base, replacement_text="_").strip().lstrip(".")
    if not clean:
        return "document"
    stem, dot, suffix = clean.rpartition(".")
    if not dot:
        stem, suffix = clean, ""
    while len(clean.encode()) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
        clean = f"{stem}.{suffix}" if suffix else stem
    return clean


def stage_input(task_id: str, name: str, chunks: Iterable[bytes]) -> Path:
    """Write an uploaded file to `uploads/<task id>/<safe name>`: temporary name, fsync, rename, fsync."""
    folder = uploads_dir() / task_id
    folder.mkdir(parents=True, exist_ok=False)
    final = folder / safe_name(name)
    temp = temp_name_for(final)
    with open(temp, "xb") as handle:
        for chunk in chunks:
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, final)
    fsync_dir(folder)
    fsync_dir(folder.parent)
    return final


def stage_file(task_id: str, source: Path) -> Path:
    """Copy a local file (the `consume` command) into the uploads folder; the source is left untouched."""

    def chunks() -> Iterable[bytes]:
        with source.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                yield chunk

    return stage_input(task_id, source.name, chunks())


def record_submission(ingest_input: IngestInput, *, owner_id: int | None = None) -> PaperlessTask:
    """Create the queued consume task for an input; the caller publishes it after the commit."""
    return create_task(
        ingest_input.task_id,
        task_type=TaskType.CONSUME_FILE,
        trigger_source=TriggerSource(ingest_input.source.value),
        input_data=ingest_input.to_json(),
        owner_id=owner_id,
    )


def fingerprint(path: Path) -> str:
    """Return `<size>:<mtime_ns>` of a file: the same file, unchanged, has the same fingerprint."""
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def already_submitted(path: Path, print_: str) -> bool:
    """Return whether this file, unchanged, already has a task (queued, running, or finished).

    A consume-folder file whose task failed is normally in failed/ by now; if it could not be moved it stays,
    and this keeps it from being submitted again and again until it changes.
    """
    return PaperlessTask.objects.filter(
        task_type=TaskType.CONSUME_FILE, input_data__path=str(path), input_data__fingerprint=print_
    ).exists()


def resolve_tags(names: Iterable[str]) -> tuple[int, ...]:
    """Return the ids of the tags with these names (any case), creating missing ones (SUBDIRS_AS_TAGS)."""
    ids: list[int] = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
        if tag is None:
            tag = create_object(Tag, name=name)
        ids.append(tag.pk)
    return tuple(dict.fromkeys(ids))
