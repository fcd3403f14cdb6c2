"""Copy the original, archive and thumbnail to the media filesystem's staging folder (fsynced, input untouched)."""

from __future__ import annotations

import dataclasses

from paperkeep.documents.storage import placement
from paperkeep.documents.storage.durable import sha256_file
from paperkeep.ingest.context import Context
from paperkeep.ingest.errors import InputChanged

PROGRESS = (95, "save_document")


def run(ctx: Context) -> Context:
    archive = ctx.parsed.archive_path if ctx.parsed else None
    staged = placement.stage(ctx.input.task_id, ctx.input.path, archive, ctx.thumbnail)
    if sha256_file(staged.original) != ctx.checksum:
        # The input changed while we worked on it; what we parsed is not what we would store.
        raise InputChanged(f"{ctx.input.original_filename} changed while it was being consumed; it is left in place.")
    metadata = ctx.metadata
    if metadata is not None and staged.archive is not None:
        metadata = dataclasses.replace(metadata, archive_checksum=sha256_file(staged.archive))
    return dataclasses.replace(ctx, staged=staged, metadata=metadata)
