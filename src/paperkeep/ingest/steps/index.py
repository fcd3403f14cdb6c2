"""Hand the new document to the search index once the transaction commits (documents.indexing seam)."""

from __future__ import annotations

from paperkeep.documents import indexing
from paperkeep.ingest.context import Context

PROGRESS = (99, "save_document")


def run(ctx: Context) -> Context:
    if ctx.document_id is not None:
        indexing.schedule_index([ctx.document_id])
    return ctx
