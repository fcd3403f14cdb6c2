"""PUT is a full update and PATCH a partial one, with Paperless-ngx's required fields per resource (§2.2)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, CustomField, DocumentType, SavedView, StoragePath, Tag
from tests.api import factories
from tests.api.conftest import ClientFor

REQUIRED = "This field is required."


def _document_put_required() -> dict[str, list[str]]:
    return {name: [REQUIRED] for name in ("correspondent", "document_type", "storage_path", "tags")}


def test_document_put_without_relations_is_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she PUTs only a title THEN 400 naming the four fields a PUT must carry,
    in Paperless-ngx's order, and nothing changed."""
    doc = factories.document(owner=cast.owner, title="Before")
    response = client_for(cast.owner).put(f"/api/documents/{doc.pk}/", {"title": "After"}, format="json")
    assert response.status_code == 400
    assert response.json() == _document_put_required()
    assert list(response.json()) == ["correspondent", "document_type", "storage_path", "tags"]
    doc.refresh_from_db()
    assert doc.title == "Before"


def test_document_patch_needs_no_relations(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she PATCHes only a title THEN 200 and the title changed."""
    doc = factories.document(owner=cast.owner, title="Before")
    response = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"title": "After"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "After"


def test_document_put_keeps_left_out_optional_fields(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a tagged document with an ASN WHEN PUT carries the four required fields but no title or ASN
    THEN the tags are replaced and the title and ASN are kept (DRF's full update leaves optional fields alone)."""
    tag = create_object(Tag, name="keep")
    doc = factories.document(owner=cast.owner, title="Stays", tags=[tag], archive_serial_number=7)
    body = {"correspondent": None, "document_type": None, "storage_path": None, "tags": []}
    response = client_for(cast.owner).put(f"/api/documents/{doc.pk}/", body, format="json")
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["archive_serial_number"], response.json()["tags"]) == (
        "Stays",
        7,
        [],
    )


def test_document_put_with_a_non_numeric_id_names_the_type(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN a PATCH sends a correspondent that is not an id
    THEN 400 with DRF's related-field message."""
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"correspondent": "abc"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"correspondent": ["Incorrect type. Expected pk value, received str."]}


def test_document_put_accepts_a_numeric_string_id(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a correspondent WHEN a PATCH sends its id as a string (a form post) THEN it is set."""
    doc = factories.document(owner=cast.owner)
    correspondent = create_object(Correspondent, name="ACME")
    response = client_for(cast.owner).patch(
        f"/api/documents/{doc.pk}/", {"correspondent": str(correspondent.pk)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["correspondent"] == correspondent.pk


def _objects(cast: factories.People, client: APIClient) -> dict[str, tuple[str, list[str]]]:
    """Each resource's detail URL and the fields a PUT must carry there (as Paperless-ngx's serializers say)."""
    tag = create_object(Tag, name="tag")
    correspondent = create_object(Correspondent, name="corr")
    document_type = create_object(DocumentType, name="type")
    path = create_object(StoragePath, name="path", path="{{ title }}")
    field = CustomField.objects.create(name="field", data_type="string")
    view: Any = client.post("/api/saved_views/", {"name": "view", "filter_rules": []}, format="json").json()
    assert SavedView.objects.filter(pk=view["id"]).exists()
    return {
        "tags": (f"/api/tags/{tag.pk}/", ["name"]),
        "correspondents": (f"/api/correspondents/{correspondent.pk}/", ["name"]),
        "document_types": (f"/api/document_types/{document_type.pk}/", ["name"]),
        "storage_paths": (f"/api/storage_paths/{path.pk}/", ["name", "path"]),
        "custom_fields": (f"/api/custom_fields/{field.pk}/", ["name", "data_type"]),
        "saved_views": (f"/api/saved_views/{view['id']}/", ["name", "filter_rules"]),
        "users": (f"/api/users/{cast.stranger.pk}/", ["username"]),
        "groups": (f"/api/groups/{cast.group.pk}/", ["name", "permissions"]),
    }


@pytest.mark.parametrize(
    "resource",
    ["tags", "correspondents", "document_types", "storage_paths", "custom_fields", "saved_views", "users", "groups"],
)
def test_empty_put_names_every_required_field(resource: str, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an object of each resource WHEN a superuser PUTs an empty body
    THEN 400 with "This field is required." for exactly Paperless-ngx's required fields."""
    client = client_for(cast.admin)
    url, required = _objects(cast, client)[resource]
    response = client.put(url, {}, format="json")
    assert response.status_code == 400
    assert response.json() == {name: [REQUIRED] for name in required}


@pytest.mark.parametrize(
    "resource",
    ["tags", "correspondents", "document_types", "storage_paths", "custom_fields", "saved_views", "users", "groups"],
)
def test_empty_patch_changes_nothing(resource: str, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an object of each resource WHEN a superuser PATCHes an empty body THEN 200 and the object as it was."""
    client = client_for(cast.admin)
    url, _ = _objects(cast, client)[resource]
    before = client.get(url).json()
    response = client.patch(url, {}, format="json")
    assert response.status_code == 200
    assert client.get(url).json() == before


@pytest.mark.parametrize("resource", ["tags", "correspondents", "document_types", "storage_paths", "saved_views"])
def test_put_of_what_was_read_succeeds(resource: str, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an object WHEN a client PUTs back exactly what it read (read-only fields included) THEN 200."""
    client = client_for(cast.admin)
    url, _ = _objects(cast, client)[resource]
    read = client.get(url).json()
    response = client.put(url, read, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == read["name"]
