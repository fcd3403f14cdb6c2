"""`edit_pdf` (§2.8) through bulk_edit and the v10 endpoint `POST /api/documents/edit_pdf/`, on real PDFs."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.contrib.auth.models import Permission, User

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Document, Tag
from paperkeep.documents.storage.layout import archive_path, original_path
from paperkeep.parsers.pdf import extract_text
from tests.api import factories
from tests.api.conftest import ClientFor
from tests.api.test_api_pdf_operations import bulk, page_texts, pdf_document, queued_inputs, rotations

pytestmark = pytest.mark.usefixtures("paperkeep_dirs")


def edit(client: Any, ids: list[int], operations: Any, **fields: Any) -> Any:
    return client.post(
        "/api/documents/edit_pdf/", {"documents": ids, "operations": operations, **fields}, format="json"
    )


def user_with(name: str, *codenames: str) -> User:
    """A user holding only the named global `documents` permissions."""
    created = factories.user(name, perms=False)
    created.user_permissions.set(Permission.objects.filter(content_type__app_label="documents", codename__in=codenames))
    return created


def is_encrypted(path: Path) -> bool:
    """Whether the PDF is encrypted (needing a password to open, or not)."""
    try:
        with pikepdf.open(path) as pdf:
            return bool(pdf.is_encrypted)
    except pikepdf.PasswordError:
        return True


def test_edit_pdf_builds_one_pdf_per_output_document(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a 3-page PDF document
    WHEN the owner edits it into [page 3, page 1 turned 90] and [page 2] (doc 1)
    THEN two consume tasks are queued with exactly those pages and turns, and the document stays unchanged."""
    doc = pdf_document(tmp_path, cast.owner, pages=3, title="Invoice")
    texts = page_texts(original_path(doc.filename or ""))
    operations = [{"page": 3}, {"page": 1, "rotate": 90}, {"page": 2, "doc": 1}]
    response = edit(client_for(cast.owner), [doc.pk], operations)
    assert response.status_code == 200 and response.json() == {"result": "OK"}
    (first, _), (second, _) = queued_inputs()
    assert page_texts(first) == [texts[2], texts[0]] and rotations(first) == [0, 90]
    assert page_texts(second) == [texts[1]]
    doc.refresh_from_db()
    assert page_texts(original_path(doc.filename or "")) == texts


def test_edit_pdf_new_documents_carry_metadata_and_the_requester_as_owner(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a tagged PDF document with no owner WHEN a user edits it into a new PDF
    THEN the queued task carries the title and tag, and the requesting user as owner."""
    tag = create_object(Tag, name="bills")
    doc = pdf_document(tmp_path, None, pages=2, title="Invoice")
    doc.tags.set([tag])
    assert edit(client_for(cast.granted), [doc.pk], [{"page": 2}]).status_code == 200
    [(_, overrides)] = queued_inputs()
    assert (overrides["title"], overrides["tags"], overrides["owner"]) == ("Invoice", [tag.pk], cast.granted.pk)


def test_edit_pdf_without_metadata(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a tagged PDF document WHEN edited with include_metadata false
    THEN the queued task has no title and no tags, only the requester as owner."""
    tag = create_object(Tag, name="bills")
    doc = pdf_document(tmp_path, cast.owner, pages=2, title="Invoice")
    doc.tags.set([tag])
    assert edit(client_for(cast.owner), [doc.pk], [{"page": 1}], include_metadata=False).status_code == 200
    [(_, overrides)] = queued_inputs()
    assert (overrides["title"], overrides["tags"], overrides["owner"]) == (None, [], cast.owner.pk)


def test_edit_pdf_update_document_replaces_the_files_in_place(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a 3-page PDF document WHEN edited with update_document to [page 3 turned 180, page 1]
    THEN original and archive hold those two pages, page_count, checksum and content follow, nothing is queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=3, content="page 1 page 2 page 3")
    texts = page_texts(original_path(doc.filename or ""))
    operations = [{"page": 3, "rotate": 180}, {"page": 1}]
    assert edit(client_for(cast.owner), [doc.pk], operations, update_document=True).json() == {"result": "OK"}
    doc.refresh_from_db()
    original, archive = original_path(doc.filename or ""), archive_path(doc.archive_filename or "")
    assert page_texts(original) == [texts[2], texts[0]] and page_texts(archive) == [texts[2], texts[0]]
    assert rotations(original) == [180, 0] and rotations(archive) == [180, 0]
    assert doc.page_count == 2 and doc.checksum == hashlib.sha256(original.read_bytes()).hexdigest()
    assert "page 3" in doc.content and "page 1" in doc.content and "page 2" not in doc.content
    assert queued_inputs() == []


def test_edit_pdf_delete_original_trashes_the_document(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a 2-page PDF document WHEN edited into a new PDF with delete_original THEN it moves to the trash."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    assert edit(client_for(cast.owner), [doc.pk], [{"page": 2}], delete_original=True).status_code == 200
    assert len(queued_inputs()) == 1
    assert Document.global_objects.get(pk=doc.pk).deleted_at is not None


def test_edit_pdf_page_out_of_bounds_is_400(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a 2-page PDF document WHEN an operation names page 9 THEN 400 "out of bounds" and nothing is queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = edit(client_for(cast.owner), [doc.pk], [{"page": 9}])
    assert response.status_code == 400 and "out of bounds" in str(response.json())
    assert queued_inputs() == []


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        (["page 1"], "invalid operation entry"),
        ([{"page": "1"}], "page must be an integer"),
        ([{"page": 1, "rotate": "90"}], "rotate must be an integer"),
        ([{"page": 1, "doc": "x"}], "doc must be an integer"),
        ([{"page": 1, "rotate": 45}], "multiple of 90"),
        ([], "at least one page"),
    ],
)
def test_edit_pdf_malformed_operations_are_400(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, operations: Any, message: str
) -> None:
    """GIVEN a PDF document WHEN the operations are malformed THEN 400 naming the problem, nothing is queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = edit(client_for(cast.owner), [doc.pk], operations)
    assert response.status_code == 400 and message in str(response.json())
    assert queued_inputs() == []


def test_edit_pdf_update_document_with_two_outputs_is_400(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a PDF document WHEN update_document is asked with pages going to two outputs THEN 400."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = edit(client_for(cast.owner), [doc.pk], [{"page": 1}, {"page": 2, "doc": 1}], update_document=True)
    assert response.status_code == 400
    assert "single output document" in str(response.json())


def test_edit_pdf_takes_one_document(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two PDF documents WHEN editing both at once THEN 400 and nothing is queued."""
    a, b = pdf_document(tmp_path, cast.owner, pages=1), pdf_document(tmp_path, cast.owner, pages=1)
    response = edit(client_for(cast.owner), [a.pk, b.pk], [{"page": 1}])
    assert response.status_code == 400 and "only supports one document" in str(response.json())
    assert queued_inputs() == []


def test_edit_pdf_needs_ownership(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document shared for change with a user and a group WHEN either edits it
    THEN 403 "Insufficient permissions" and nothing is queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    factories.share(doc, cast, change=True)
    for user in (cast.granted, cast.member):
        response = edit(client_for(user), [doc.pk], [{"page": 1}])
        assert response.status_code == 403 and response.content == b"Insufficient permissions"
    assert queued_inputs() == []


def test_edit_pdf_of_a_hidden_document_is_refused_like_a_missing_one(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a PDF document the stranger cannot view WHEN the stranger edits it and a missing id
    THEN both answers are the same 400, and nothing is queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    client = client_for(cast.stranger)
    hidden, missing = edit(client, [doc.pk], [{"page": 1}]), edit(client, [999_999], [{"page": 1}])
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json()
    assert queued_inputs() == []


def test_edit_pdf_superuser_may_edit_anyones_document(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN the owner's 2-page PDF document WHEN the superuser edits it in place to page 2 THEN it has one page."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    assert edit(client_for(cast.admin), [doc.pk], [{"page": 2}], update_document=True).status_code == 200
    doc.refresh_from_db()
    assert doc.page_count == 1 and len(page_texts(original_path(doc.filename or ""))) == 1


def test_edit_pdf_new_document_needs_add_permission(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an owner without the global add permission WHEN editing into a new PDF THEN 403; in place it works."""
    owner = user_with("eve", "view_document", "change_document")
    doc = pdf_document(tmp_path, owner, pages=2)
    client = client_for(owner)
    assert edit(client, [doc.pk], [{"page": 1}]).status_code == 403
    assert queued_inputs() == []
    assert edit(client, [doc.pk], [{"page": 1}], update_document=True).status_code == 200


def test_edit_pdf_delete_original_needs_delete_permission(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an owner with add but not delete permission WHEN editing with delete_original
    THEN 403, nothing queued and the document stays."""
    owner = user_with("eve", "view_document", "change_document", "add_document")
    doc = pdf_document(tmp_path, owner, pages=2)
    assert edit(client_for(owner), [doc.pk], [{"page": 1}], delete_original=True).status_code == 403
    assert queued_inputs() == [] and Document.objects.filter(pk=doc.pk).exists()


def test_edit_pdf_endpoint_exists_on_api_version_9(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a PDF document WHEN a version-9 client posts to the edit_pdf endpoint THEN it works (as in
    Paperless-ngx, the operation endpoints are not limited to version 10)."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    assert edit(client_for(cast.owner, version=9), [doc.pk], [{"page": 2}]).status_code == 200
    assert len(queued_inputs()) == 1


def test_bulk_edit_edit_pdf(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a 2-page PDF document WHEN bulk_edit's edit_pdf turns page 1 in place
    THEN the original's first page is at 270 degrees and the second untouched."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    operations = [{"page": 1, "rotate": -90}, {"page": 2}]
    response = bulk(client_for(cast.owner), [doc.pk], "edit_pdf", operations=operations, update_document=True)
    assert response.json() == {"result": "OK"}
    doc.refresh_from_db()
    assert rotations(original_path(doc.filename or "")) == [270, 0]


def test_bulk_edit_edit_pdf_refuses_all(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document WHEN bulk_edit's edit_pdf is sent with all=true THEN 400 and nothing is queued."""
    pdf_document(tmp_path, cast.owner, pages=1)
    response = client_for(cast.owner).post(
        "/api/documents/bulk_edit/",
        {"all": True, "method": "edit_pdf", "parameters": {"operations": [{"page": 1}]}},
        format="json",
    )
    assert response.status_code == 400 and "all=true" in str(response.json())
    assert queued_inputs() == []


def test_edited_text_is_readable(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a 3-page PDF document WHEN edited into a new PDF of page 2 THEN the new file's text is "page 2"."""
    doc = pdf_document(tmp_path, cast.owner, pages=3)
    edit(client_for(cast.owner), [doc.pk], [{"page": 2}])
    [(path, _)] = queued_inputs()
    assert extract_text(path)[0].strip() == "page 2"
    assert not is_encrypted(path)
