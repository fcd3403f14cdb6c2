"""`remove_password` (§2.8) through bulk_edit and the v10 endpoint `POST /api/documents/remove_password/`,
on PDFs encrypted by pikepdf."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Document, Tag
from paperkeep.documents.storage.layout import media, original_path, thumbnail_path
from paperkeep.parsers.pdf import extract_text
from tests import filegen
from tests.api import factories
from tests.api.conftest import ClientFor
from tests.api.test_api_operations_edit_pdf import is_encrypted, user_with
from tests.api.test_api_pdf_operations import bulk, pdf_document, queued_inputs
from tests.api.test_api_reprocess import queued_messages

pytestmark = pytest.mark.usefixtures("paperkeep_dirs")
PASSWORD = "s3cret"


def encrypted_document(tmp_path: Path, owner: Any, **fields: Any) -> Document:
    """A document whose original is a one-page PDF that needs PASSWORD to open (no archive, as ingest leaves it)."""
    doc = factories.document(owner=owner, page_count=1, **fields)
    media().ensure()
    source = filegen.encrypted_pdf(tmp_path / f"enc-{doc.pk}.pdf", ["protected words"], password=PASSWORD)
    doc.filename = f"{doc.pk:07}.pdf"
    original_path(doc.filename).write_bytes(source.read_bytes())
    doc.checksum = hashlib.sha256(source.read_bytes()).hexdigest()
    thumbnail_path(doc.pk).write_bytes(b"old thumbnail")
    doc.save()
    return doc


def remove(client: Any, ids: list[int], password: Any = PASSWORD, **fields: Any) -> Any:
    return client.post(
        "/api/documents/remove_password/", {"documents": ids, "password": password, **fields}, format="json"
    )


def text_of(path: Path) -> str:
    return extract_text(path)[0].strip()


def test_remove_password_queues_an_unencrypted_copy(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a tagged document whose PDF needs a password WHEN the owner removes it with the right password
    THEN one consume task is queued whose file opens without a password and reads "protected words",
    carrying the title and tag; the document itself is unchanged."""
    tag = create_object(Tag, name="bank")
    doc = encrypted_document(tmp_path, cast.owner, title="Statement")
    doc.tags.set([tag])
    before = original_path(doc.filename or "").read_bytes()
    response = remove(client_for(cast.owner), [doc.pk])
    assert response.status_code == 200 and response.json() == {"result": "OK"}
    [(path, overrides)] = queued_inputs()
    assert not is_encrypted(path) and text_of(path) == "protected words"
    assert (overrides["title"], overrides["tags"], overrides["owner"]) == ("Statement", [tag.pk], cast.owner.pk)
    assert original_path(doc.filename or "").read_bytes() == before


def test_remove_password_in_place(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN a document whose PDF needs a password WHEN the owner removes it with update_document
    THEN its original is replaced by an unencrypted PDF (checksum and content follow), nothing is queued for
    consumption, and a reprocess message waits for the worker."""
    doc = encrypted_document(tmp_path, cast.owner)
    messages = queued_messages()
    with django_capture_on_commit_callbacks(execute=True):
        response = remove(client_for(cast.owner), [doc.pk], update_document=True)
    assert response.status_code == 200
    doc.refresh_from_db()
    original = original_path(doc.filename or "")
    assert not is_encrypted(original) and text_of(original) == "protected words"
    assert doc.checksum == hashlib.sha256(original.read_bytes()).hexdigest()
    assert doc.content == "protected words"
    assert queued_inputs() == []
    assert len(queued_messages() - messages) == 1


def test_wrong_password_is_400_and_changes_nothing(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a document whose PDF needs a password WHEN removing it with a wrong password in place
    THEN 400 and the original is still the encrypted file."""
    doc = encrypted_document(tmp_path, cast.owner)
    before = original_path(doc.filename or "").read_bytes()
    response = remove(client_for(cast.owner), [doc.pk], password="wrong", update_document=True)
    assert response.status_code == 400 and "password" in str(response.json())
    doc.refresh_from_db()
    assert original_path(doc.filename or "").read_bytes() == before


def test_one_wrong_password_stops_every_document(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two encrypted documents, the second with another password WHEN removing PASSWORD from both
    THEN 400 and nothing is queued for the first either."""
    first = encrypted_document(tmp_path, cast.owner)
    second = factories.document(owner=cast.owner, page_count=1)
    other = filegen.encrypted_pdf(tmp_path / "other.pdf", ["other"], password="different")
    second.filename = f"{second.pk:07}.pdf"
    original_path(second.filename).write_bytes(other.read_bytes())
    second.save()
    assert remove(client_for(cast.owner), [first.pk, second.pk]).status_code == 400
    assert queued_inputs() == []


def test_unencrypted_pdf_is_left_alone(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document without encryption WHEN removing a password THEN OK and nothing is queued or changed."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    before = original_path(doc.filename or "").read_bytes()
    assert remove(client_for(cast.owner), [doc.pk]).json() == {"result": "OK"}
    assert queued_inputs() == [] and original_path(doc.filename or "").read_bytes() == before


def test_remove_password_delete_original_trashes_it(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an encrypted document WHEN removing its password into a new document with delete_original
    THEN a consume task is queued and the document moves to the trash."""
    doc = encrypted_document(tmp_path, cast.owner)
    assert remove(client_for(cast.owner), [doc.pk], delete_original=True).status_code == 200
    assert len(queued_inputs()) == 1
    assert Document.global_objects.get(pk=doc.pk).deleted_at is not None


def test_remove_password_needs_ownership(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an encrypted document shared for change WHEN the grantee removes its password in place
    THEN 403 and the original stays encrypted."""
    doc = encrypted_document(tmp_path, cast.owner)
    factories.share(doc, cast, change=True)
    response = remove(client_for(cast.granted), [doc.pk], update_document=True)
    assert response.status_code == 403
    assert is_encrypted(original_path(doc.filename or ""))


def test_remove_password_of_a_hidden_document_is_refused_like_a_missing_one(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an encrypted document the stranger cannot view WHEN the stranger removes its password
    THEN the same 400 as for a missing id, nothing is queued."""
    doc = encrypted_document(tmp_path, cast.owner)
    client = client_for(cast.stranger)
    hidden, missing = remove(client, [doc.pk]), remove(client, [999_999])
    assert hidden.status_code == missing.status_code == 400 and hidden.json() == missing.json()
    assert queued_inputs() == []


def test_superuser_removes_anyones_password(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the owner's encrypted document WHEN the superuser removes its password THEN a task is queued
    owned by the superuser."""
    doc = encrypted_document(tmp_path, cast.owner)
    assert remove(client_for(cast.admin), [doc.pk]).status_code == 200
    [(_, overrides)] = queued_inputs()
    assert overrides["owner"] == cast.admin.pk


def test_new_document_needs_add_permission(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an owner without the global add permission WHEN removing the password into a new document THEN 403."""
    owner = user_with("eve", "view_document", "change_document")
    doc = encrypted_document(tmp_path, owner)
    assert remove(client_for(owner), [doc.pk]).status_code == 403
    assert queued_inputs() == []


@pytest.mark.parametrize("body", [{}, {"password": 123}, {"password": ""}])
def test_missing_or_malformed_password_is_400(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, body: dict[str, Any]
) -> None:
    """GIVEN an encrypted document WHEN the password is missing, not a string or empty THEN 400."""
    doc = encrypted_document(tmp_path, cast.owner)
    response = client_for(cast.owner).post(
        "/api/documents/remove_password/", {"documents": [doc.pk], **body}, format="json"
    )
    assert response.status_code == 400 and "password" in response.json()


def test_bulk_edit_remove_password(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an encrypted document WHEN bulk_edit's remove_password runs in place THEN the original is
    no longer encrypted."""
    doc = encrypted_document(tmp_path, cast.owner)
    response = bulk(client_for(cast.owner), [doc.pk], "remove_password", password=PASSWORD, update_document=True)
    assert response.json() == {"result": "OK"}
    doc.refresh_from_db()
    assert not is_encrypted(original_path(doc.filename or ""))


def test_bulk_edit_remove_password_needs_a_string(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an encrypted document WHEN bulk_edit's remove_password gets a number as password THEN 400."""
    doc = encrypted_document(tmp_path, cast.owner)
    response = bulk(client_for(cast.owner), [doc.pk], "remove_password", password=123)
    assert response.status_code == 400 and "password must be a string" in str(response.json())


def test_queued_copy_is_readable_with_pikepdf_without_password(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an encrypted document WHEN its password is removed into a new document THEN pikepdf opens the
    queued file without a password and it has the one page."""
    doc = encrypted_document(tmp_path, cast.owner)
    remove(client_for(cast.owner), [doc.pk])
    [(path, _)] = queued_inputs()
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1
