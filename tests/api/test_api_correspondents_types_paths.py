"""Correspondents, document types and storage paths: their own fields, filters and `storage_paths/test/`."""

from __future__ import annotations

from datetime import date

import pytest

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, DocumentType, StoragePath
from tests.api import factories
from tests.api.conftest import ClientFor


def test_correspondent_retrieve_has_last_correspondence(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two documents from a correspondent WHEN reading it THEN `last_correspondence` is the newer date."""
    acme = create_object(Correspondent, name="ACME")
    factories.document(correspondent=acme, created=date(2024, 1, 5))
    factories.document(correspondent=acme, created=date(2024, 3, 9))
    body = client_for(cast.owner).get(f"/api/correspondents/{acme.pk}/").json()
    assert body["last_correspondence"] == "2024-03-09"


def test_last_correspondence_ignores_hidden_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's newer private document WHEN dave reads the correspondent THEN he sees the public date."""
    acme = create_object(Correspondent, name="ACME")
    factories.document(correspondent=acme, created=date(2024, 1, 5))
    factories.document(correspondent=acme, created=date(2024, 3, 9), owner=cast.owner)
    body = client_for(cast.stranger).get(f"/api/correspondents/{acme.pk}/").json()
    assert body["last_correspondence"] == "2024-01-05"


def test_correspondent_list_has_last_correspondence_only_on_request(
    cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a correspondent WHEN listing without and with ?last_correspondence=1 THEN the key appears only then."""
    create_object(Correspondent, name="ACME")
    client = client_for(cast.owner)
    assert "last_correspondence" not in client.get("/api/correspondents/").json()["results"][0]
    assert "last_correspondence" in client.get("/api/correspondents/?last_correspondence=1").json()["results"][0]


def test_order_by_document_count(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN types used by 2, 0 and 1 documents WHEN ordering by -document_count THEN 2, 1, 0."""
    two, none, one = (create_object(DocumentType, name=n) for n in ("two", "none", "one"))
    factories.document(document_type=two)
    factories.document(document_type=two)
    factories.document(document_type=one)
    body = client_for(cast.owner).get("/api/document_types/?ordering=-document_count").json()
    assert [row["id"] for row in body["results"]] == [two.pk, one.pk, none.pk]


def test_name_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN "Invoice" and "Letter" WHEN filtering name__icontains=voi and id__in THEN the matching ones."""
    invoice = create_object(DocumentType, name="Invoice")
    letter = create_object(DocumentType, name="Letter")
    client = client_for(cast.owner)
    assert [r["id"] for r in client.get("/api/document_types/?name__icontains=voi").json()["results"]] == [invoice.pk]
    ids = client.get(f"/api/document_types/?id__in={invoice.pk},{letter.pk}").json()["results"]
    assert len(ids) == 2


def test_default_correspondent_shape(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a new correspondent WHEN created THEN Paperless's fields in order."""
    body = client_for(cast.owner).post("/api/correspondents/", {"name": "ACME"}, format="json").json()
    assert list(body) == [
        "id", "slug", "name", "match", "matching_algorithm", "is_insensitive", "document_count", "owner",
        "user_can_change",
    ]  # fmt: skip


def test_storage_path_shape_and_old_style_conversion(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an old-style `{title}` path WHEN creating a storage path THEN it is stored as a Jinja template."""
    body = client_for(cast.owner).post("/api/storage_paths/", {"name": "p", "path": "{title}"}, format="json").json()
    assert body["path"] == "{{ title }}"
    assert list(body)[:4] == ["id", "slug", "name", "path"]


def test_storage_path_with_unknown_variable_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a path using an unknown variable WHEN creating THEN 400 "Invalid variable detected."."""
    response = client_for(cast.owner).post(
        "/api/storage_paths/", {"name": "p", "path": "{{ nonsense }}"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"path": ["Invalid variable detected."]}


def test_storage_path_test_renders_for_a_document(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN testing "{{ created_year }}/{{ title }}" THEN the rendered path with its extension."""
    doc = factories.document(owner=cast.owner, title="Bill", created=date(2023, 2, 1), files=True)
    response = client_for(cast.owner).post(
        "/api/storage_paths/test/", {"path": "{{ created_year }}/{{ title }}", "document": doc.pk}, format="json"
    )
    assert response.json() == "2023/Bill.pdf"


def test_storage_path_test_refuses_hidden_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave tests a path with it THEN 400 as for a missing document."""
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.stranger).post(
        "/api/storage_paths/test/", {"path": "{{ title }}", "document": doc.pk}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["document"][0]


def test_deleting_a_storage_path_clears_it_on_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document in an unowned storage path WHEN alice deletes the path THEN the document has none."""
    path = create_object(StoragePath, name="p", path="{{ title }}")
    doc = factories.document(storage_path=path)
    assert client_for(cast.owner).delete(f"/api/storage_paths/{path.pk}/").status_code == 204
    doc.refresh_from_db()
    assert doc.storage_path_id is None


@pytest.mark.parametrize("path", ["../../../../../tmp/proof", "/srv/{{ title }}", "{{ correspondent }}/../{{ title }}"])
def test_storage_path_that_escapes_the_media_folder_is_refused(
    path: str, cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a storage path template that is absolute or walks up WHEN creating it
    THEN 400 on `path` with Paperless-ngx's message, and nothing is created."""
    response = client_for(cast.owner).post("/api/storage_paths/", {"name": "escape", "path": path}, format="json")
    assert (response.status_code, response.json()) == (400, {"path": ["Invalid variable detected."]})
    assert not StoragePath.objects.exists()
