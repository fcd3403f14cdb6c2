"""download/, preview/, thumb/ (ETag) and metadata/: content, names, and 404 for hidden documents."""

from __future__ import annotations

from datetime import date

import pytest

from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent
from tests.api import factories
from tests.api.conftest import ClientFor

ENDPOINTS = ("download", "preview", "thumb", "metadata", "notes", "suggestions", "share_links", "history")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hidden_document_is_404_on_every_endpoint(cast: factories.People, client_for: ClientFor, endpoint: str) -> None:
    """GIVEN alice's private document with files WHEN dave asks any of its endpoints THEN 404, as for a missing id."""
    doc = factories.document(owner=cast.owner, files=True)
    client = client_for(cast.stranger)
    assert client.get(f"/api/documents/{doc.pk}/{endpoint}/").status_code == 404
    assert client.get(f"/api/documents/999999/{endpoint}/").status_code == 404


def test_download_serves_the_archive_by_default(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with an archive WHEN downloading THEN the archive PDF as an attachment named after it."""
    acme = create_object(Correspondent, name="ACME")
    doc = factories.document(owner=cast.owner, title="Bill", correspondent=acme, created=date(2024, 2, 3), files=True)
    response = client_for(cast.owner).get(f"/api/documents/{doc.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4 archive")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="2024-02-03 ACME Bill.pdf"')


def test_download_original(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN ?original=true WHEN downloading THEN the original file."""
    doc = factories.document(owner=cast.owner, files=True)
    response = client_for(cast.owner).get(f"/api/documents/{doc.pk}/download/?original=true")
    assert b"".join(response.streaming_content) == factories.original_bytes(doc)


def test_preview_is_inline(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN previewing THEN it is served inline."""
    doc = factories.document(owner=cast.owner, files=True)
    response = client_for(cast.owner).get(f"/api/documents/{doc.pk}/preview/")
    assert response["Content-Disposition"].startswith("inline;")


def test_granted_user_downloads(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document shared with the team WHEN carol downloads THEN 200."""
    doc = factories.document(owner=cast.owner, files=True)
    factories.share(doc, cast)
    assert client_for(cast.member).get(f"/api/documents/{doc.pk}/download/").status_code == 200


def test_thumb_is_webp_with_etag_and_304(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a thumbnail WHEN fetched THEN WebP with an ETag; WHEN fetched again with If-None-Match THEN 304."""
    doc = factories.document(owner=cast.owner, files=True)
    client = client_for(cast.owner)
    first = client.get(f"/api/documents/{doc.pk}/thumb/")
    assert first["Content-Type"] == "image/webp"
    again = client.get(f"/api/documents/{doc.pk}/thumb/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_thumb_of_trashed_document_for_its_owner(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's trashed document WHEN she fetches its thumbnail THEN 200 (the trash view shows it)."""
    doc = factories.document(owner=cast.owner, files=True)
    trash_documents([doc])
    assert client_for(cast.owner).get(f"/api/documents/{doc.pk}/thumb/").status_code == 200


def test_missing_file_is_404(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document without files WHEN downloading THEN 404."""
    doc = factories.document(owner=cast.owner)
    assert client_for(cast.owner).get(f"/api/documents/{doc.pk}/download/").status_code == 404


def test_metadata_shape(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with files WHEN reading its metadata THEN Paperless's keys with sizes and names."""
    doc = factories.document(owner=cast.owner, files=True, content="the invoice is for you and the team")
    body = client_for(cast.owner).get(f"/api/documents/{doc.pk}/metadata/").json()
    assert list(body) == [
        "original_checksum", "original_size", "original_mime_type", "media_filename", "has_archive_version",
        "original_metadata", "archive_checksum", "archive_media_filename", "original_filename", "archive_size",
        "archive_metadata", "lang",
    ]  # fmt: skip
    assert body["has_archive_version"] is True
    assert body["original_size"] == len(factories.original_bytes(doc))
    assert body["lang"] == "en"
