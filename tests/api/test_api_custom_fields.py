"""`/api/custom_fields/`: definitions, select options, counts (§1.13)."""

from __future__ import annotations

from typing import Any

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.models import CustomFieldInstance
from tests.api import factories
from tests.api.conftest import ClientFor


def test_create_and_shape(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a new integer field WHEN created THEN {id, name, data_type, extra_data, document_count}."""
    body = client_for(cast.owner).post("/api/custom_fields/", {"name": "Amount", "data_type": "integer"}).json()
    assert list(body) == ["id", "name", "data_type", "extra_data", "document_count"]
    assert (body["data_type"], body["document_count"]) == ("integer", 0)


def test_select_options_get_ids(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN select options without ids WHEN creating THEN every option gets an id."""
    payload = {"name": "Colour", "data_type": "select", "extra_data": {"select_options": [{"label": "Red"}]}}
    body = client_for(cast.owner).post("/api/custom_fields/", payload, format="json").json()
    assert body["extra_data"]["select_options"][0]["id"]


def test_select_without_options_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a select field without options WHEN creating THEN 400 with Paperless's `error` message."""
    response = client_for(cast.owner).post("/api/custom_fields/", {"name": "C", "data_type": "select"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"error": ["extra_data.select_options must be a valid list"]}


def test_duplicate_name_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a field "Due" WHEN creating another "Due" THEN 400."""
    create_custom_field("Due", "date")
    response = client_for(cast.owner).post("/api/custom_fields/", {"name": "Due", "data_type": "date"})
    assert response.json() == {"error": ["Object violates name unique constraint"]}


def test_document_count_counts_visible_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a field on alice's private document and on a public one WHEN dave lists THEN count 1."""
    field = create_custom_field("Due", "date")
    set_custom_fields(factories.document(owner=cast.owner), {field.pk: "2024-01-01"})
    set_custom_fields(factories.document(), {field.pk: "2024-01-02"})
    assert client_for(cast.stranger).get(f"/api/custom_fields/{field.pk}/").json()["document_count"] == 1
    assert client_for(cast.admin).get(f"/api/custom_fields/{field.pk}/").json()["document_count"] == 2


def test_removing_a_select_option_clears_its_values(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document set to option "a" WHEN "a" is removed from the field THEN the value is cleared."""
    field = create_custom_field(
        "C", "select", {"select_options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}
    )
    doc = factories.document()
    set_custom_fields(doc, {field.pk: "a"})
    client_for(cast.owner).patch(
        f"/api/custom_fields/{field.pk}/",
        {"extra_data": {"select_options": [{"id": "b", "label": "B"}]}},
        format="json",
    )
    assert CustomFieldInstance.objects.get(document=doc).value_select is None


def test_delete(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a field WHEN deleted THEN 204 and it is gone."""
    field = create_custom_field("X", "string")
    assert client_for(cast.owner).delete(f"/api/custom_fields/{field.pk}/").status_code == 204
    assert client_for(cast.owner).get(f"/api/custom_fields/{field.pk}/").status_code == 404


def test_needs_global_permission(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user without permissions WHEN listing custom fields THEN 403."""
    assert client_for(factories.user("bare", perms=False)).get("/api/custom_fields/").status_code == 403


def _set(client: Any, doc_id: int, field_id: int, value: object) -> Any:
    return client.patch(
        f"/api/documents/{doc_id}/", {"custom_fields": [{"field": field_id, "value": value}]}, format="json"
    )


def test_values_paperless_accepts_are_accepted(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN integer, boolean and url fields WHEN a client sends "42", "true" and smb://nas/share
    THEN each is stored typed (Paperless-ngx takes digit strings and any URI with a scheme)."""
    doc = factories.document(owner=cast.owner)
    fields = {kind: create_custom_field(name=kind, data_type=kind) for kind in ("integer", "boolean", "url")}
    sent = {"integer": "42", "boolean": "true", "url": "smb://nas/share"}
    rows = [{"field": fields[kind].pk, "value": value} for kind, value in sent.items()]
    response = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"custom_fields": rows}, format="json")
    assert response.status_code == 200, response.content
    stored = {i.field.name: i.value for i in CustomFieldInstance.objects.filter(document=doc).select_related("field")}
    assert stored == {"integer": 42, "boolean": True, "url": "smb://nas/share"}


def test_value_without_a_scheme_is_not_a_url(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a url field WHEN a client sends "notaurl" THEN 400 on custom_fields."""
    doc = factories.document(owner=cast.owner)
    field = create_custom_field(name="Link", data_type="url")
    response = _set(client_for(cast.owner), doc.pk, field.pk, "notaurl")
    assert response.status_code == 400 and "custom_fields" in response.json()


def test_linking_a_document_the_editor_cannot_change_is_403(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document shared with bob for viewing only, and bob's own document WHEN bob links his document
    to alice's THEN 403 "Insufficient permissions." and neither document has the link (it would be mirrored)."""
    field = create_custom_field(name="Related", data_type="documentlink")
    target = factories.document(owner=cast.owner)
    factories.share(target, cast)
    own = factories.document(owner=cast.granted)
    response = _set(client_for(cast.granted), own.pk, field.pk, [target.pk])
    assert (response.status_code, response.json()) == (403, {"detail": "Insufficient permissions."})
    assert not CustomFieldInstance.objects.exists()


def test_linking_a_hidden_document_is_like_a_missing_one(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave links his document to it THEN 400, as for a missing id."""
    field = create_custom_field(name="Related", data_type="documentlink")
    hidden = factories.document(owner=cast.owner)
    own = factories.document(owner=cast.stranger)
    client = client_for(cast.stranger)
    to_hidden = _set(client, own.pk, field.pk, [hidden.pk])
    to_missing = _set(client, own.pk, field.pk, [999_999])
    assert to_hidden.status_code == to_missing.status_code == 400
    assert to_hidden.json() == to_missing.json()
