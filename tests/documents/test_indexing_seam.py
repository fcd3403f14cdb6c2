"""The indexing seam: callbacks run after the commit, never for rolled-back writes, and never break writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from paperkeep.documents import indexing
from paperkeep.documents.actions.documents import trash_documents, update_document
from paperkeep.documents.models import Document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, tuple[int, ...]]]]:
    seen: list[tuple[str, tuple[int, ...]]] = []
    indexing.register(
        "test", on_index=lambda ids: seen.append(("index", ids)), on_remove=lambda ids: seen.append(("remove", ids))
    )
    yield seen
    indexing.unregister("test")


def test_an_update_is_indexed_after_the_commit(calls: list[tuple[str, tuple[int, ...]]]) -> None:
    """GIVEN a registered index and a document
    WHEN the document's title is changed
    THEN the index is asked to index that document once."""
    document = Document.objects.create(title="a", checksum="x", mime_type="text/plain")
    update_document(document, title="b")
    assert calls == [("index", (document.pk,))]


def test_a_rolled_back_write_is_not_indexed(calls: list[tuple[str, tuple[int, ...]]]) -> None:
    """GIVEN a registered index
    WHEN a title change is rolled back
    THEN the index is not called."""
    document = Document.objects.create(title="a", checksum="x", mime_type="text/plain")
    with pytest.raises(RuntimeError), transaction.atomic():
        update_document(document, title="b")
        raise RuntimeError
    assert calls == []


def test_trashing_removes_from_the_index(calls: list[tuple[str, tuple[int, ...]]]) -> None:
    """GIVEN a registered index and two documents
    WHEN both are moved to the trash
    THEN the index is asked to remove both ids at once."""
    docs = [Document.objects.create(title=t, checksum=t, mime_type="text/plain") for t in "ab"]
    trash_documents(docs)
    assert calls == [("remove", tuple(sorted(d.pk for d in docs)))]


def test_a_failing_index_does_not_fail_the_write(caplog: pytest.LogCaptureFixture) -> None:
    """GIVEN an index whose callback raises
    WHEN a document is updated
    THEN the update is stored and the failure is logged."""

    def broken(ids: tuple[int, ...]) -> None:
        raise OSError("disk full")

    indexing.register("broken", on_index=broken, on_remove=broken)
    try:
        document = Document.objects.create(title="a", checksum="x", mime_type="text/plain")
        update_document(document, title="b")
    finally:
        indexing.unregister("broken")
    assert Document.objects.get().title == "b"
    assert "Index broken failed" in caplog.text
