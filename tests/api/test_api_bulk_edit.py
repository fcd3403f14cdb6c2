"""`POST /api/documents/bulk_edit/` and friends: every metadata method, all-or-nothing permissions (§2.8)."""

from __future__ import annotations

from typing import Any

from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, CustomFieldInstance, Document, DocumentType, StoragePath, Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def bulk(client, ids: list[int], method: str, **parameters: Any):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/documents/bulk_edit/", {"documents": ids, "method": method, "parameters": parameters}, format="json"
    )


def test_set_correspondent_type_and_path(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two documents WHEN bulk-setting correspondent, type and storage path THEN all three are set."""
    docs = [factories.document(owner=cast.owner) for _ in range(2)]
    ids = [d.pk for d in docs]
    acme = create_object(Correspondent, name="ACME")
    kind = create_object(DocumentType, name="Bill")
    path = create_object(StoragePath, name="p", path="{{ title }}")
    client = client_for(cast.owner)
    assert bulk(client, ids, "set_correspondent", correspondent=acme.pk).json() == {"result": "OK"}
    bulk(client, ids, "set_document_type", document_type=kind.pk)
    bulk(client, ids, "set_storage_path", storage_path=path.pk)
    rows = Document.objects.filter(pk__in=ids).values_list("correspondent_id", "document_type_id", "storage_path_id")
    assert set(rows) == {(acme.pk, kind.pk, path.pk)}


def test_null_clears_the_correspondent(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with a correspondent WHEN bulk-setting null THEN it has none."""
    acme = create_object(Correspondent, name="ACME")
    doc = factories.document(owner=cast.owner, correspondent=acme)
    bulk(client_for(cast.owner), [doc.pk], "set_correspondent", correspondent=None)
    assert Document.objects.get(pk=doc.pk).correspondent_id is None


def test_add_remove_and_modify_tags(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN adding a, then modify (add b, remove a), then removing b THEN the tags follow."""
    a, b = create_object(Tag, name="a"), create_object(Tag, name="b")
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    bulk(client, [doc.pk], "add_tag", tag=a.pk)
    assert set(doc.tags.values_list("pk", flat=True)) == {a.pk}
    bulk(client, [doc.pk], "modify_tags", add_tags=[b.pk], remove_tags=[a.pk])
    assert set(doc.tags.values_list("pk", flat=True)) == {b.pk}
    bulk(client, [doc.pk], "remove_tag", tag=b.pk)
    assert not doc.tags.exists()


def test_modify_custom_fields_with_values(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two fields WHEN adding one with a value and one without THEN both instances exist."""
    amount, note = create_custom_field("amount", "integer"), create_custom_field("note", "string")
    doc = factories.document(owner=cast.owner)
    bulk(client_for(cast.owner), [doc.pk], "modify_custom_fields", add_custom_fields={str(amount.pk): 5},
         remove_custom_fields=[])  # fmt: skip
    bulk(client_for(cast.owner), [doc.pk], "modify_custom_fields", add_custom_fields=[note.pk], remove_custom_fields=[])
    values = dict(CustomFieldInstance.objects.filter(document=doc).values_list("field_id", "value_int"))
    assert values == {amount.pk: 5, note.pk: None}


def test_set_permissions_and_owner(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's documents WHEN she bulk-grants dave view THEN dave sees them."""
    docs = [factories.document(owner=cast.owner) for _ in range(2)]
    grants = {"view": {"users": [cast.stranger.pk], "groups": []}}
    assert (
        bulk(client_for(cast.owner), [d.pk for d in docs], "set_permissions", set_permissions=grants).status_code == 200
    )
    listed = client_for(cast.stranger).get("/api/documents/").json()["count"]
    assert listed == 2


def test_bulk_delete_moves_to_trash(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two documents WHEN bulk-deleting THEN both are in the trash."""
    docs = [factories.document(owner=cast.owner) for _ in range(2)]
    bulk(client_for(cast.owner), [d.pk for d in docs], "delete")
    assert Document.deleted_objects.count() == 2


def test_one_view_only_document_refuses_the_whole_request(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN bob's own document and one he may only view WHEN he tags both THEN 403 and neither is tagged."""
    tag = create_object(Tag, name="t")
    his = factories.document(owner=cast.granted)
    viewable = factories.document(owner=cast.owner)
    factories.share(viewable, cast)
    response = bulk(client_for(cast.granted), [his.pk, viewable.pk], "add_tag", tag=tag.pk)
    assert response.status_code == 403
    assert not Document.tags.through.objects.exists()


def test_hidden_document_is_refused_like_a_missing_one(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave bulk-edits it with his own THEN 400 "don't exist", nothing changes."""
    tag = create_object(Tag, name="t")
    hidden = factories.document(owner=cast.owner)
    own = factories.document(owner=cast.stranger)
    response = bulk(client_for(cast.stranger), [own.pk, hidden.pk], "add_tag", tag=tag.pk)
    assert response.status_code == 400
    assert "don't exist" in response.json()["documents"][0]
    assert not Document.tags.through.objects.exists()


def test_change_grant_cannot_bulk_delete_or_share(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a change grant WHEN bob bulk-deletes or bulk-shares THEN 403 (ownership needed)."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast, change=True)
    client = client_for(cast.granted)
    assert bulk(client, [doc.pk], "delete").status_code == 403
    grants = {"view": {"users": [cast.stranger.pk], "groups": []}}
    assert bulk(client, [doc.pk], "set_permissions", set_permissions=grants).status_code == 403
    assert Document.objects.filter(pk=doc.pk).exists()


def test_change_grant_can_bulk_tag(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a change grant for the team WHEN carol bulk-tags THEN 200."""
    tag = create_object(Tag, name="t")
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast, change=True)
    assert bulk(client_for(cast.member), [doc.pk], "add_tag", tag=tag.pk).status_code == 200


def test_all_with_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two invoices and a letter WHEN bulk-tagging all with title__icontains=invoice THEN only the invoices."""
    tag = create_object(Tag, name="t")
    invoices = [factories.document(owner=cast.owner, title=f"Invoice {n}") for n in range(2)]
    letter = factories.document(owner=cast.owner, title="Letter")
    payload = {
        "all": True,
        "filters": {"title__icontains": "invoice"},
        "method": "add_tag",
        "parameters": {"tag": tag.pk},
    }
    assert client_for(cast.owner).post("/api/documents/bulk_edit/", payload, format="json").status_code == 200
    assert set(Document.objects.filter(tags=tag).values_list("pk", flat=True)) == {d.pk for d in invoices}
    assert not letter.tags.exists()


def test_hidden_tag_parameter_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private tag WHEN dave bulk-adds it THEN 400."""
    secret = create_object(Tag, name="secret", owner_id=cast.owner.pk)
    own = factories.document(owner=cast.stranger)
    assert bulk(client_for(cast.stranger), [own.pk], "add_tag", tag=secret.pk).status_code == 400


def test_unsupported_legacy_method_is_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the legacy `rotate` method WHEN bulk-editing THEN 400 saying it is not supported."""
    doc = factories.document(owner=cast.owner)
    assert bulk(client_for(cast.owner), [doc.pk], "rotate", degrees=90).status_code == 400


def test_v10_delete_endpoint(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN posting to /api/documents/delete/ THEN it is in the trash."""
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).post("/api/documents/delete/", {"documents": [doc.pk]}, format="json")
    assert response.json() == {"result": "OK"}
    assert Document.deleted_objects.filter(pk=doc.pk).exists()


def test_selection_data(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN documents with ACME and tag t WHEN asking selection data THEN counts among the selected ones."""
    acme = create_object(Correspondent, name="ACME")
    tag = create_object(Tag, name="t")
    docs = [factories.document(owner=cast.owner, correspondent=acme, tags=[tag]) for _ in range(2)]
    other = factories.document(owner=cast.owner)
    body = (
        client_for(cast.owner)
        .post("/api/documents/selection_data/", {"documents": [docs[0].pk, other.pk]}, format="json")
        .json()
    )
    assert body["selected_correspondents"] == [{"id": acme.pk, "document_count": 1}]
    assert body["selected_tags"] == [{"id": tag.pk, "document_count": 1}]
    assert set(body) == {"selected_correspondents", "selected_tags", "selected_document_types",
                         "selected_storage_paths", "selected_custom_fields"}  # fmt: skip


def test_selection_data_refuses_hidden_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave asks its selection data THEN 403."""
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.stranger).post("/api/documents/selection_data/", {"documents": [doc.pk]}, format="json")
    assert response.status_code == 403


def test_selection_data_hides_hidden_objects(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a public document with alice's private tag WHEN dave asks selection data THEN the tag is not listed."""
    secret = create_object(Tag, name="secret", owner_id=cast.owner.pk)
    doc = factories.document(tags=[secret])
    body = client_for(cast.stranger).post("/api/documents/selection_data/", {"documents": [doc.pk]}, format="json")
    assert body.json()["selected_tags"] == []


def test_bulk_edit_objects_delete_and_share(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's tags WHEN she shares one and deletes another in bulk THEN dave sees the first only."""
    shared = create_object(Tag, name="shared", owner_id=cast.owner.pk)
    doomed = create_object(Tag, name="doomed", owner_id=cast.owner.pk)
    client = client_for(cast.owner)
    grants = {"view": {"users": [cast.stranger.pk], "groups": []}}
    payload = {"objects": [shared.pk], "object_type": "tags", "operation": "set_permissions", "permissions": grants}
    assert client.post("/api/bulk_edit_objects/", payload, format="json").json() == {"result": "OK"}
    payload = {"objects": [doomed.pk], "object_type": "tags", "operation": "delete"}
    assert client.post("/api/bulk_edit_objects/", payload, format="json").status_code == 200
    assert [t["id"] for t in client_for(cast.stranger).get("/api/tags/").json()["results"]] == [shared.pk]
    assert not Tag.objects.filter(pk=doomed.pk).exists()


def test_bulk_edit_objects_refuses_non_owners(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a tag shared with bob for changing WHEN bob bulk-deletes it THEN 403 and it stays."""
    tag = create_object(Tag, name="t", owner_id=cast.owner.pk)
    factories.share(tag, cast, change=True)
    payload = {"objects": [tag.pk], "object_type": "tags", "operation": "delete"}
    assert client_for(cast.granted).post("/api/bulk_edit_objects/", payload, format="json").status_code == 403
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_bulk_download_zips_archives(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two documents with files WHEN bulk-downloading archives and originals THEN a ZIP with both folders."""
    import io
    import zipfile

    docs = [factories.document(owner=cast.owner, title=f"Doc {n}", files=True) for n in range(2)]
    response = client_for(cast.owner).post(
        "/api/documents/bulk_download/", {"documents": [d.pk for d in docs], "content": "both"}, format="json"
    )
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert sorted(n.split("/")[0] for n in names) == ["archive", "archive", "originals", "originals"]


def test_bulk_download_refuses_hidden_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave bulk-downloads it THEN 400 as for a missing document."""
    doc = factories.document(owner=cast.owner, files=True)
    response = client_for(cast.stranger).post("/api/documents/bulk_download/", {"documents": [doc.pk]}, format="json")
    assert response.status_code == 400


def test_document_links_need_change_permission_on_the_linked_documents(cast: factories.People,
                                                                        client_for: ClientFor) -> None:
    """GIVEN the granted user's document, a document alice only may view, and one alice cannot see
    WHEN the granted user bulk-sets a document-link field pointing at them (links are mirrored onto the targets)
    THEN a view-only target is refused with 403, a hidden one is a 400 like a missing id, and nothing changes."""
    link = create_custom_field("see also", "documentlink")
    mine = factories.document(owner=cast.granted)
    view_only = factories.document(owner=cast.owner)
    factories.share(view_only, cast)  # view, not change, for the granted user
    hidden = factories.document(owner=cast.owner)
    client = client_for(cast.granted)
    refused = bulk(client, [mine.pk], "modify_custom_fields", add_custom_fields={str(link.pk): [view_only.pk]},
                   remove_custom_fields=[])  # fmt: skip
    assert refused.status_code == 403 and refused.json() == {"detail": "Insufficient permissions."}
    missing = bulk(client, [mine.pk], "modify_custom_fields", add_custom_fields={str(link.pk): [hidden.pk]},
                   remove_custom_fields=[])  # fmt: skip
    assert missing.status_code == 400
    assert not CustomFieldInstance.objects.filter(field=link).exists()
    factories.share(view_only, cast, change=True)
    allowed = bulk(client, [mine.pk], "modify_custom_fields", add_custom_fields={str(link.pk): [view_only.pk]},
                   remove_custom_fields=[])  # fmt: skip
    assert allowed.status_code == 200


def test_custom_field_keys_that_are_not_ids_are_a_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN modify_custom_fields names a field by something that is not an id THEN 400, not 500."""
    doc = factories.document(owner=cast.owner)
    response = bulk(client_for(cast.owner), [doc.pk], "modify_custom_fields", add_custom_fields={"abc": 1},
                    remove_custom_fields=[])  # fmt: skip
    assert response.status_code == 400 and "parameters" in response.json()
