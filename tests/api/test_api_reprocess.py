"""bulk_edit's `reprocess`: a stored document's original is parsed again by the worker (§2.8)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import thumbnail_path
from paperkeep.ingest.reprocess import reprocess_document
from paperkeep.worker import app
from tests.api import factories
from tests.api.conftest import ClientFor
from tests.api.test_api_pdf_operations import bulk, pdf_document

pytestmark = pytest.mark.usefixtures("paperkeep_dirs")


def queued_messages() -> set[str]:
    queue = Path(app.conf.broker_transport_options["data_folder_in"])  # the worker's queue folder
    return {entry.name for entry in os.scandir(queue) if entry.is_file()} if queue.is_dir() else set()


def test_reprocess_reads_the_original_again(tmp_path: Path, cast: factories.People) -> None:
    """GIVEN a PDF document whose stored text and page count are stale
    WHEN it is reprocessed
    THEN its text and page count come from the original again, and the thumbnail is rendered again."""
    doc = pdf_document(tmp_path, cast.owner, pages=3, content="stale text")
    Document.objects.filter(pk=doc.pk).update(page_count=1)
    assert reprocess_document(doc.pk) is True
    doc.refresh_from_db()
    assert "page 1" in doc.content and "page 3" in doc.content and "stale" not in doc.content
    assert doc.page_count == 3
    assert thumbnail_path(doc.pk).read_bytes() != b"old thumbnail"


@pytest.mark.django_db
def test_reprocess_of_a_missing_document_changes_nothing() -> None:
    """GIVEN no document with id 999999 WHEN it is reprocessed THEN nothing happens and False is returned."""
    assert reprocess_document(999_999) is False


def test_bulk_edit_reprocess_queues_one_message_per_document(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN two documents of the owner WHEN the owner asks bulk_edit to reprocess them
    THEN the answer is OK and two messages wait in the worker's queue."""
    docs = [pdf_document(tmp_path, cast.owner, pages=1) for _ in range(2)]
    before = queued_messages()
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client_for(cast.owner), [d.pk for d in docs], "reprocess")
    assert response.status_code == 200 and response.json() == {"result": "OK"}
    assert len(queued_messages() - before) == 2


def test_bulk_edit_reprocess_needs_change_permission(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN a document another user may only view WHEN that user asks to reprocess it
    THEN the request is refused and nothing is queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(doc, cast)
    before = queued_messages()
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client_for(cast.granted), [doc.pk], "reprocess")
    assert response.status_code == 403
    assert queued_messages() == before
