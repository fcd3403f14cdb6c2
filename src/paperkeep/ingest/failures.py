"""Keep a failed input: move it to a `failed/` folder (beside it, or DATA_DIR/failed for uploads) with a
`<name>.reason` file saying why. Nothing is ever deleted on failure."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from paperkeep.documents.storage.durable import fsync_dir, temp_name_for
from paperkeep.ingest.context import IngestInput
from paperkeep.ingest.submit import failed_uploads_dir, uploads_dir

logger = logging.getLogger(__name__)

FAILED_DIR_NAME = "failed"
REASON_SUFFIX = ".reason"


def failed_folder(ingest_input: IngestInput) -> Path:
    """Return where this input goes when it fails."""
    if ingest_input.staged:
        return failed_uploads_dir()
    return ingest_input.path.parent / FAILED_DIR_NAME


def planned_target(ingest_input: IngestInput) -> Path:
    """Return a free name in the failed folder for this input (`name`, `name_01`, ...)."""
    folder = failed_folder(ingest_input)
    name = ingest_input.path.name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    for counter in range(10_000):
        candidate = name if counter == 0 else f"{stem}_{counter:02}" + (f".{suffix}" if suffix else "")
        if not (folder / candidate).exists() and not (folder / (candidate + REASON_SUFFIX)).exists():
            return folder / candidate
    raise FileExistsError(f"no free name for {name} in {folder}")


def keep(ingest_input: IngestInput, target: Path, reason: str) -> Path:
    """Move the input to `target` and write `<target>.reason`; return where the input is now."""
    source = ingest_input.path
    target.parent.mkdir(parents=True, exist_ok=True)
    reason_file = target.with_name(target.name + REASON_SUFFIX)
    temp = temp_name_for(reason_file)
    temp.write_text(reason.rstrip() + "\n", encoding="utf-8")
    os.replace(temp, reason_file)
    try:
        os.link(source, target)
        os.unlink(source)
    except OSError:
        if target.exists():
            raise
        shutil.move(source, target)
    fsync_dir(target.parent)
    fsync_dir(source.parent)
    if ingest_input.staged and source.parent.parent == uploads_dir():
        shutil.rmtree(source.parent, ignore_errors=True)
    logger.info("Kept the failed input %s at %s", source.name, target)
    return target
