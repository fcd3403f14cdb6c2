"""Create the document row and put its files in place (inside the runner's transaction)."""

from __future__ import annotations

import dataclasses

from paperkeep.documents.actions.documents import create_document
from paperkeep.ingest.context import Context

PROGRESS = (97, "save_document")


def run(ctx: Context) -> Context:
    assert ctx.metadata is not None and ctx.staged is not None, "apply_metadata and stage run before store"
    document = create_document(ctx.metadata, ctx.staged, ctx.extension)
    return dataclasses.replace(ctx, document_id=document.pk)
