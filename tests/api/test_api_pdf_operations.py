"""bulk_edit's PDF page methods: rotate, delete_pages, split, merge (§2.8), on real PDFs."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Document, PaperlessTask, Tag
from paperkeep.documents.storage.layout import archive_path, media, original_path, thumbnail_path
from paperkeep.ingest import runner
from tests import filegen
from tests.api import factories
from tests.api.conftest import ClientFor

pytestmark = pytest.mark.usefixtures("paperkeep_dirs")


def bulk(client: Any, ids: list[int], method: str, **parameters: Any) -> Any:
    return client.post(
        "/api/documents/bulk_edit/", {"documents": ids, "method": method, "parameters": parameters}, format="json"
    )


def pdf_document(tmp_path: Path, owner: Any, pages: int = 3, **fields: Any) -> Document:
    """A document whose original and archive are real PDFs with `pages` pages ("page N" on page N)."""
    doc = factories.document(owner=owner, page_count=pages, **fields)
    layout = media()
    layout.ensure()
    source = filegen.text_pdf(tmp_path / f"src-{doc.pk}.pdf", [[f"page {n}"] for n in range(1, pages + 1)])
    doc.filename = doc.archive_filename = f"{doc.pk:07}.pdf"
    original_path(doc.filename).write_bytes(source.read_bytes())
    archive_path(doc.archive_filename).write_bytes(source.read_bytes())
    doc.checksum = doc.archive_checksum = hashlib.sha256(source.read_bytes()).hexdigest()
    thumbnail_path(doc.pk).write_bytes(b"old thumbnail")
    doc.save()
    return doc


def page_texts(path: Path) -> list[str]:
    """A fingerprint of each page's content stream (fpdf2 writes glyph ids, so compare the raw content)."""
    with pikepdf.open(path) as pdf:
        return [hashlib.sha256(page.obj.Contents.read_bytes()).hexdigest() for page in pdf.pages]


def rotations(path: Path) -> list[int]:
    with pikepdf.open(path) as pdf:
        return [int(page.obj.get("/Rotate", 0)) for page in pdf.pages]


def queued_inputs() -> list[tuple[Path, dict[str, Any]]]:
    tasks = PaperlessTask.objects.filter(task_type="consume_file").order_by("date_created", "pk")
    return [(Path(t.input_data["path"]), t.input_data["overrides"]) for t in tasks]


def test_rotate_turns_original_and_archive(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN a 2-page PDF document WHEN rotating by 90 THEN original and archive pages have /Rotate 90,
    the checksums match the new files, and the thumbnail is rendered again."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    old_checksum, old_original = doc.checksum, original_path(doc.filename or "")
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(client_for(cast.owner), [doc.pk], "rotate", degrees=90)
    assert response.json() == {"result": "OK"}
    doc.refresh_from_db()
    original, archive = original_path(doc.filename or ""), archive_path(doc.archive_filename or "")
    assert rotations(original) == [90, 90] and rotations(archive) == [90, 90]
    assert doc.checksum != old_checksum
    assert doc.checksum == hashlib.sha256(original.read_bytes()).hexdigest()
    assert doc.archive_checksum == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert thumbnail_path(doc.pk).read_bytes() != b"old thumbnail"
    assert old_original == original or not old_original.exists()


def test_rotate_twice_adds_up(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document WHEN rotating by 90 and then by 180 THEN its pages are at 270."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    client = client_for(cast.owner)
    bulk(client, [doc.pk], "rotate", degrees=90)
    bulk(client, [doc.pk], "rotate", degrees=180)
    doc.refresh_from_db()
    assert rotations(original_path(doc.filename or "")) == [270]


def test_rotate_refuses_odd_degrees(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document WHEN rotating by 45 THEN 400 and the file is unchanged."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    before = original_path(doc.filename or "").read_bytes()
    assert bulk(client_for(cast.owner), [doc.pk], "rotate", degrees=45).status_code == 400
    assert original_path(doc.filename or "").read_bytes() == before


def test_delete_pages_removes_those_pages(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a 3-page PDF document WHEN deleting page 2 THEN original and archive keep pages 1 and 3."""
    doc = pdf_document(tmp_path, cast.owner, pages=3)
    first, _, third = page_texts(original_path(doc.filename or ""))
    response = bulk(client_for(cast.owner), [doc.pk], "delete_pages", pages=[2])
    assert response.json() == {"result": "OK"}
    doc.refresh_from_db()
    assert page_texts(original_path(doc.filename or "")) == [first, third]
    assert page_texts(archive_path(doc.archive_filename or "")) == [first, third]
    assert doc.page_count == 2


def test_delete_pages_refuses_all_pages(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a 2-page PDF document WHEN deleting pages 1 and 2 THEN 400 and the document keeps both."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = bulk(client_for(cast.owner), [doc.pk], "delete_pages", pages=[1, 2])
    assert response.status_code == 400
    assert "all of its pages" in str(response.json())
    assert len(page_texts(original_path(doc.filename or ""))) == 2


def test_split_queues_one_task_per_part(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a tagged 3-page PDF document WHEN splitting "1,2-3" THEN two consume tasks are queued whose inputs
    hold page 1 and pages 2-3, carrying the tag and a numbered title; the document stays."""
    tag = create_object(Tag, name="bills")
    doc = pdf_document(tmp_path, cast.owner, pages=3, title="Invoice")
    doc.tags.set([tag])
    texts = page_texts(original_path(doc.filename or ""))
    response = bulk(client_for(cast.owner), [doc.pk], "split", pages="1,2-3")
    assert response.json() == {"result": "OK"}
    inputs = queued_inputs()
    assert [page_texts(path) for path, _ in inputs] == [texts[:1], texts[1:]]
    assert [o["title"] for _, o in inputs] == ["Invoice (part 1)", "Invoice (part 2)"]
    assert all(o["tags"] == [tag.pk] and o["owner"] == cast.owner.pk for _, o in inputs)
    assert Document.objects.filter(pk=doc.pk).exists()


def test_split_with_delete_originals_trashes_the_source(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a 2-page PDF document WHEN splitting "1,2" with delete_originals THEN it moves to the trash."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    bulk(client_for(cast.owner), [doc.pk], "split", pages="1,2", delete_originals=True)
    assert len(queued_inputs()) == 2
    assert Document.global_objects.get(pk=doc.pk).deleted_at is not None


def test_merge_queues_one_pdf_with_all_pages(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two PDF documents (2 and 1 pages) WHEN merging them with metadata from the second
    THEN one consume task is queued whose input has the 3 pages in order and the second's title."""
    a = pdf_document(tmp_path, cast.owner, pages=2, title="A")
    b = pdf_document(tmp_path, cast.owner, pages=1, title="B")
    expected = page_texts(original_path(a.filename or "")) + page_texts(original_path(b.filename or ""))
    response = bulk(client_for(cast.owner), [a.pk, b.pk], "merge", metadata_document_id=b.pk)
    assert response.json() == {"result": "OK"}
    [(path, overrides)] = queued_inputs()
    assert page_texts(path) == expected
    assert overrides["title"] == "B"
    assert Document.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_merged_pdf_is_consumed_into_a_new_document(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN two PDF documents merged with delete_originals WHEN the queued consume task runs
    THEN a new 2-page document exists and both sources are in the trash."""
    a = pdf_document(tmp_path, cast.owner, pages=1, title="A")
    b = pdf_document(tmp_path, cast.owner, pages=1, title="B")
    bulk(client_for(cast.owner), [a.pk, b.pk], "merge", metadata_document_id=a.pk, delete_originals=True)
    task = PaperlessTask.objects.get(task_type="consume_file")
    new_id = runner.run(task.task_id)
    assert new_id is not None
    new = Document.objects.get(pk=new_id)
    assert (new.page_count, new.title, new.owner_id) == (2, "A", cast.owner.pk)
    assert Document.objects.filter(pk__in=[a.pk, b.pk]).count() == 0


def test_rotate_needs_ownership(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN one owned PDF document and one only shared for change WHEN the grantee rotates both
    THEN 403 and neither file changes."""
    mine = pdf_document(tmp_path, cast.granted, pages=1)
    theirs = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(theirs, cast, change=True)
    response = bulk(client_for(cast.granted), [mine.pk, theirs.pk], "rotate", degrees=90)
    assert response.status_code == 403
    assert rotations(original_path(mine.filename or "")) == [0]
    assert rotations(original_path(theirs.filename or "")) == [0]


def test_merge_needs_change_on_every_document(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document only shared for viewing WHEN the grantee merges it with their own THEN 403."""
    mine = pdf_document(tmp_path, cast.granted, pages=1)
    theirs = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(theirs, cast, change=False)
    assert bulk(client_for(cast.granted), [mine.pk, theirs.pk], "merge").status_code == 403
    assert queued_inputs() == []


def test_non_pdf_is_refused(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a plain-text document WHEN rotating it THEN 400 saying it is not a PDF."""
    doc = factories.document(owner=cast.owner, mime_type="text/plain")
    doc.filename = f"{doc.pk:07}.txt"
    media().ensure()
    original_path(doc.filename).write_text("hello")
    doc.save()
    response = bulk(client_for(cast.owner), [doc.pk], "rotate", degrees=90)
    assert response.status_code == 400
    assert "not a PDF" in str(response.json())


def test_merged_and_split_documents_belong_to_the_requester(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN alice's private PDFs, and one of hers the granted user may change
    WHEN alice merges two without metadata_document_id, and the granted user splits the shared one
    THEN the merged document is alice's (never ownerless, so never public) and the parts are the granted user's."""
    a = pdf_document(tmp_path, cast.owner, pages=1, title="A")
    b = pdf_document(tmp_path, cast.owner, pages=1, title="B")
    assert bulk(client_for(cast.owner), [a.pk, b.pk], "merge").json() == {"result": "OK"}
    [(_, merged)] = queued_inputs()
    assert merged["owner"] == cast.owner.pk
    shared = pdf_document(tmp_path, cast.owner, pages=2, title="Shared")
    factories.share(shared, cast, change=True)
    assert bulk(client_for(cast.granted), [shared.pk], "split", pages="1,2").json() == {"result": "OK"}
    parts = queued_inputs()[1:]
    assert len(parts) == 2 and all(o["owner"] == cast.granted.pk for _, o in parts)
