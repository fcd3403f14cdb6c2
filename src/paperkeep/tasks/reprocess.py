"""Reprocess task: parse a stored document's original again (bulk_edit's `reprocess`)."""

from __future__ import annotations

from paperkeep.ingest.reprocess import reprocess_document
from paperkeep.worker import app


@app.task(name="paperkeep.reprocess_document", acks_late=True, ignore_result=True)
def reprocess(document_id: int) -> bool:
    """Re-read one document's original with the current OCR settings."""
    return reprocess_document(document_id)


def queue_reprocess(document_ids: list[int]) -> None:
    """Send one reprocess message per document (call after the request's transaction commits)."""
    for document_id in document_ids:
        reprocess.apply_async(args=[document_id])
