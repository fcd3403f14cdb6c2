"""`/api/documents/{id}/`: read, PUT/PATCH (tags tree, custom fields, ASN, owner rules), delete to trash."""

from __future__ import annotations

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, CustomFieldInstance, Document, Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def test_hidden_document_is_404_like_a_missing_one(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave reads it and a missing id THEN both are the same 404."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.stranger)
    hidden, missing = client.get(f"/api/documents/{doc.pk}/"), client.get("/api/documents/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_granted_and_group_members_read(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document shared with bob and the team WHEN bob, carol and root read THEN 200."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast)
    for person in (cast.granted, cast.member, cast.admin):
        assert client_for(person).get(f"/api/documents/{doc.pk}/").status_code == 200


def test_retrieve_lists_visible_duplicates(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two documents with one checksum, one private to alice WHEN dave reads the public one
    THEN no duplicates; WHEN alice reads it THEN her private twin is listed."""
    public = factories.document(checksum="c" * 64)
    twin = factories.document(owner=cast.owner, checksum="c" * 64, title="twin")
    assert client_for(cast.stranger).get(f"/api/documents/{public.pk}/").json()["duplicate_documents"] == []
    duplicates = client_for(cast.owner).get(f"/api/documents/{public.pk}/").json()["duplicate_documents"]
    assert duplicates == [{"id": twin.pk, "title": "twin", "deleted_at": None}]


def test_patch_title_and_correspondent(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she patches title and correspondent THEN both change; full perms come back."""
    acme = create_object(Correspondent, name="ACME")
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).patch(
        f"/api/documents/{doc.pk}/", {"title": "New", "correspondent": acme.pk}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["correspondent"]) == ("New", acme.pk)
    assert "permissions" in body


def test_put_accepts_what_was_read(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document as read from the API WHEN it is PUT back with a new title THEN 200."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    body = client.get(f"/api/documents/{doc.pk}/").json()
    body["title"] = "Round trip"
    assert client.put(f"/api/documents/{doc.pk}/", body, format="json").status_code == 200
    assert Document.objects.get(pk=doc.pk).title == "Round trip"


def test_old_datetime_created_becomes_a_date(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an old client sending a datetime for `created` WHEN patching THEN the local date is stored."""
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).patch(
        f"/api/documents/{doc.pk}/", {"created": "2023-04-05T10:00:00+00:00"}, format="json"
    )
    assert response.json()["created"] == "2023-04-05"


def test_adding_a_child_tag_adds_its_parent(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN parent > child WHEN a document gets only the child THEN it has both."""
    parent = create_object(Tag, name="parent")
    child = create_object(Tag, name="child", parent_id=parent.pk)
    doc = factories.document(owner=cast.owner)
    body = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"tags": [child.pk]}, format="json").json()
    assert set(body["tags"]) == {parent.pk, child.pk}


def test_removing_a_parent_removes_its_children(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with parent and child WHEN the parent is removed THEN the child goes too."""
    parent = create_object(Tag, name="parent")
    child = create_object(Tag, name="child", parent_id=parent.pk)
    doc = factories.document(owner=cast.owner, tags=[parent, child])
    body = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"tags": [child.pk]}, format="json").json()
    assert body["tags"] == []


def test_hidden_tags_survive_an_edit(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a shared document carrying alice's private tag WHEN bob (change grant) sets tags THEN it stays."""
    secret = create_object(Tag, name="secret", owner_id=cast.owner.pk)
    public = create_object(Tag, name="public")
    doc = factories.document(owner=cast.owner, tags=[secret])
    factories.share(doc, cast, change=True)
    client_for(cast.granted).patch(f"/api/documents/{doc.pk}/", {"tags": [public.pk]}, format="json")
    assert set(doc.tags.values_list("pk", flat=True)) == {secret.pk, public.pk}


def test_hidden_tag_id_is_refused_like_a_missing_one(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private tag WHEN dave puts it on his document THEN 400 "object does not exist"."""
    secret = create_object(Tag, name="secret", owner_id=cast.owner.pk)
    doc = factories.document(owner=cast.stranger)
    response = client_for(cast.stranger).patch(f"/api/documents/{doc.pk}/", {"tags": [secret.pk]}, format="json")
    assert response.status_code == 400
    assert "does not exist" in response.json()["tags"][0]


def test_remove_inbox_tags(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document in the inbox WHEN patched with remove_inbox_tags THEN the inbox tag is gone."""
    inbox = create_object(Tag, name="inbox", is_inbox_tag=True)
    keep = create_object(Tag, name="keep")
    doc = factories.document(owner=cast.owner, tags=[inbox, keep])
    body = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"remove_inbox_tags": True}, format="json").json()
    assert body["tags"] == [keep.pk]


def test_custom_fields_replace_the_set(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN fields a and b set WHEN patching custom_fields with only a THEN b is removed and a changed."""
    a, b = create_custom_field("a", "integer"), create_custom_field("b", "string")
    doc = factories.document(owner=cast.owner)
    set_custom_fields(doc, {a.pk: 1, b.pk: "x"})
    body = (
        client_for(cast.owner)
        .patch(f"/api/documents/{doc.pk}/", {"custom_fields": [{"field": a.pk, "value": 7}]}, format="json")
        .json()
    )
    assert body["custom_fields"] == [{"value": 7, "field": a.pk}]
    assert CustomFieldInstance.objects.filter(document=doc).count() == 1


def test_invalid_custom_field_value_is_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an integer field WHEN setting it to text THEN 400 and nothing changes."""
    a = create_custom_field("a", "integer")
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).patch(
        f"/api/documents/{doc.pk}/", {"custom_fields": [{"field": a.pk, "value": "many"}]}, format="json"
    )
    assert response.status_code == 400
    assert not CustomFieldInstance.objects.filter(document=doc).exists()


def test_duplicate_asn_is_400_on_archive_serial_number(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN ASN 7 in use WHEN another document takes 7 THEN 400 on archive_serial_number."""
    factories.document(archive_serial_number=7)
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", {"archive_serial_number": 7}, format="json")
    assert response.status_code == 400
    assert "archive_serial_number" in response.json()


def test_view_grant_cannot_edit(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a view-only share WHEN bob patches THEN 403 and the title stays."""
    doc = factories.document(owner=cast.owner, title="Mine")
    factories.share(doc, cast)
    assert client_for(cast.granted).patch(f"/api/documents/{doc.pk}/", {"title": "x"}, format="json").status_code == 403
    assert Document.objects.get(pk=doc.pk).title == "Mine"


def test_group_change_grant_can_edit_but_not_share(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a change grant for the team WHEN carol edits the title THEN 200; WHEN she changes grants THEN 403."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast, change=True)
    client = client_for(cast.member)
    assert client.patch(f"/api/documents/{doc.pk}/", {"title": "ok"}, format="json").status_code == 200
    grants = {"set_permissions": {"view": {"users": [cast.stranger.pk], "groups": []}}}
    assert client.patch(f"/api/documents/{doc.pk}/", grants, format="json").status_code == 403


def test_owner_shares_with_set_permissions(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN she grants dave view THEN dave can read it."""
    doc = factories.document(owner=cast.owner)
    grants = {"set_permissions": {"view": {"users": [cast.stranger.pk], "groups": []}}}
    assert client_for(cast.owner).patch(f"/api/documents/{doc.pk}/", grants, format="json").status_code == 200
    assert client_for(cast.stranger).get(f"/api/documents/{doc.pk}/").status_code == 200


def test_delete_moves_to_trash(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she deletes it THEN 204, it is in the trash and no longer readable."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    assert client.delete(f"/api/documents/{doc.pk}/").status_code == 204
    assert Document.deleted_objects.filter(pk=doc.pk).exists()
    assert client.get(f"/api/documents/{doc.pk}/").status_code == 404


def test_change_grant_cannot_delete(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a change grant WHEN bob deletes THEN 403; WHEN dave (hidden) deletes THEN 404."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast, change=True)
    assert client_for(cast.granted).delete(f"/api/documents/{doc.pk}/").status_code == 403
    assert client_for(cast.stranger).delete(f"/api/documents/{doc.pk}/").status_code == 404
    assert Document.objects.filter(pk=doc.pk).exists()
