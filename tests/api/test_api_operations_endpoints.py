"""The v10 document-operation endpoints `rotate/`, `merge/`, `reprocess/` (§2.8): top-level parameters,
`source_mode`, `all` + `filters` where Paperless-ngx allows it, and bulk_edit's permission rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import original_path
from tests.api import factories
from tests.api.conftest import ClientFor
from tests.api.test_api_operations_edit_pdf import user_with
from tests.api.test_api_pdf_operations import page_texts, pdf_document, queued_inputs, rotations
from tests.api.test_api_reprocess import queued_messages

pytestmark = pytest.mark.usefixtures("paperkeep_dirs")


def post(client: Any, operation: str, **body: Any) -> Any:
    return client.post(f"/api/documents/{operation}/", body, format="json")


def turned(doc: Document) -> list[int]:
    doc.refresh_from_db()
    return rotations(original_path(doc.filename or ""))


@pytest.mark.parametrize("version", [9, 10])
def test_rotate_turns_the_pages(tmp_path: Path, cast: factories.People, client_for: ClientFor, version: int) -> None:
    """GIVEN a 2-page PDF document WHEN its owner posts rotate/ with 90 degrees (API 9 or 10)
    THEN {"result": "OK"} and both pages of the original are at 90 degrees."""
    doc = pdf_document(tmp_path, cast.owner, pages=2)
    response = post(client_for(cast.owner, version=version), "rotate", documents=[doc.pk], degrees=90)
    assert response.status_code == 200 and response.json() == {"result": "OK"}
    assert turned(doc) == [90, 90]


@pytest.mark.parametrize("mode", ["latest_version", "explicit_selection"])
def test_rotate_accepts_both_source_modes(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, mode: str
) -> None:
    """GIVEN a PDF document WHEN rotating with either source_mode THEN the document itself is turned."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    assert post(client_for(cast.owner), "rotate", documents=[doc.pk], degrees=180, source_mode=mode).status_code == 200
    assert turned(doc) == [180]


def test_unknown_source_mode_is_400(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document WHEN rotating with source_mode "newest" THEN 400 "Invalid source_mode", unturned."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    response = post(client_for(cast.owner), "rotate", documents=[doc.pk], degrees=90, source_mode="newest")
    assert response.status_code == 400 and response.json() == {"source_mode": ["Invalid source_mode"]}
    assert turned(doc) == [0]


def test_rotate_needs_degrees(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a PDF document WHEN rotate/ is posted without degrees THEN 400 naming degrees."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    response = post(client_for(cast.owner), "rotate", documents=[doc.pk])
    assert response.status_code == 400 and "degrees" in response.json()


def test_rotate_all_with_filters_turns_only_the_matching_documents(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN two PDF documents of the owner titled "keep" and "turn" WHEN rotate/ gets all + a title filter
    THEN only "turn" is turned."""
    keep = pdf_document(tmp_path, cast.owner, pages=1, title="keep")
    turn = pdf_document(tmp_path, cast.owner, pages=1, title="turn")
    response = post(client_for(cast.owner), "rotate", all=True, filters={"title__icontains": "turn"}, degrees=90)
    assert response.status_code == 200
    assert turned(turn) == [90] and turned(keep) == [0]


def test_rotate_all_refuses_when_one_match_is_not_owned(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN the grantee's own PDF document and one shared with them for change WHEN the grantee rotates all
    THEN 403 and neither is turned."""
    mine = pdf_document(tmp_path, cast.granted, pages=1)
    theirs = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(theirs, cast, change=True)
    assert post(client_for(cast.granted), "rotate", all=True, degrees=90).status_code == 403
    assert turned(mine) == [0] and turned(theirs) == [0]


def test_rotate_of_a_hidden_document_is_refused_like_a_missing_one(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN the owner's PDF document WHEN the stranger rotates it, and a missing id THEN the same 400, unturned."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    client = client_for(cast.stranger)
    hidden = post(client, "rotate", documents=[doc.pk], degrees=90)
    missing = post(client, "rotate", documents=[999_999], degrees=90)
    assert hidden.status_code == missing.status_code == 400 and hidden.json() == missing.json()
    assert turned(doc) == [0]


def test_superuser_rotates_anyones_document(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the owner's PDF document WHEN the superuser rotates it by 270 THEN it is turned."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    assert post(client_for(cast.admin), "rotate", documents=[doc.pk], degrees=270).status_code == 200
    assert turned(doc) == [270]


def test_merge_queues_the_pages_in_order(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN PDF documents of 1 and 2 pages WHEN merge/ gets them second-first with metadata from the first
    THEN one consume task holds the 3 pages in that order, titled like the first; both documents stay."""
    a = pdf_document(tmp_path, cast.owner, pages=1, title="A")
    b = pdf_document(tmp_path, cast.owner, pages=2, title="B")
    expected = page_texts(original_path(b.filename or "")) + page_texts(original_path(a.filename or ""))
    response = post(client_for(cast.owner), "merge", documents=[b.pk, a.pk], metadata_document_id=a.pk)
    assert response.json() == {"result": "OK"}
    [(path, overrides)] = queued_inputs()
    assert page_texts(path) == expected and overrides["title"] == "A"
    assert Document.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_merge_does_not_take_all(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN PDF documents WHEN merge/ is posted with all=true and no documents THEN 400 asking for documents."""
    pdf_document(tmp_path, cast.owner, pages=1)
    response = post(client_for(cast.owner), "merge", all=True)
    assert response.status_code == 400 and "documents" in response.json()
    assert queued_inputs() == []


def test_merge_delete_originals_needs_delete_permission(
    tmp_path: Path, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN an owner with add but not delete permission WHEN merging with delete_originals
    THEN 403, nothing queued, both documents stay."""
    owner = user_with("eve", "view_document", "change_document", "add_document")
    a, b = pdf_document(tmp_path, owner, pages=1), pdf_document(tmp_path, owner, pages=1)
    response = post(client_for(owner), "merge", documents=[a.pk, b.pk], delete_originals=True)
    assert response.status_code == 403 and queued_inputs() == []
    assert Document.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_merge_by_a_change_grantee_is_allowed(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the owner's PDF document shared for change with a group WHEN a member merges it with their own
    (without deleting) THEN one consume task is queued."""
    mine = pdf_document(tmp_path, cast.member, pages=1)
    theirs = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(theirs, cast, change=True)
    assert post(client_for(cast.member), "merge", documents=[mine.pk, theirs.pk]).status_code == 200
    assert len(queued_inputs()) == 1


def test_merge_of_a_view_only_document_is_403(tmp_path: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the owner's PDF document shared for viewing only WHEN the grantee merges it THEN 403, nothing queued."""
    mine = pdf_document(tmp_path, cast.granted, pages=1)
    theirs = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(theirs, cast, change=False)
    assert post(client_for(cast.granted), "merge", documents=[mine.pk, theirs.pk]).status_code == 403
    assert queued_inputs() == []


def test_reprocess_queues_one_message_per_document(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN two documents of the owner WHEN reprocess/ is posted for them THEN OK and two worker messages wait."""
    docs = [pdf_document(tmp_path, cast.owner, pages=1) for _ in range(2)]
    before = queued_messages()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(cast.owner), "reprocess", documents=[d.pk for d in docs], from_webui=True)
    assert response.json() == {"result": "OK"}
    assert len(queued_messages() - before) == 2


def test_reprocess_of_a_view_only_document_is_403(
    tmp_path: Path, cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN a document shared for viewing only WHEN the grantee asks reprocess/ for it THEN 403, nothing queued."""
    doc = pdf_document(tmp_path, cast.owner, pages=1)
    factories.share(doc, cast, change=False)
    before = queued_messages()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client_for(cast.granted), "reprocess", documents=[doc.pk]).status_code == 403
    assert queued_messages() == before


def test_operation_endpoints_need_authentication(cast: factories.People) -> None:
    """GIVEN no credentials WHEN posting to each operation endpoint THEN 401."""
    from rest_framework.test import APIClient

    client = APIClient()
    for operation in ("reprocess", "rotate", "merge", "edit_pdf", "remove_password"):
        assert post(client, operation, documents=[1]).status_code == 401
