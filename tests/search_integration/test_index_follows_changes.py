"""Every kind of change made through the API is in the index as soon as the request has returned."""

from __future__ import annotations

from paperkeep.documents.models import Correspondent, CustomField, Note, Tag
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, ok, search


def test_a_new_title_is_found_and_the_old_one_is_not(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document titled "Draft"
    WHEN its title is changed to "Mortgage offer"
    THEN "mortgage" finds it and "draft" no longer does."""
    document = make_document(owner=cast.owner, title="Draft")
    client = client_for(cast.owner)
    assert ok(client.patch(f"/api/documents/{document.pk}/", {"title": "Mortgage offer"}, format="json"))
    assert ids_of(search(client, query="mortgage")) == [document.pk]
    assert ids_of(search(client, query="draft")) == []


def test_notes_are_found_once_added_and_gone_once_deleted(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document
    WHEN a note "ask the notary" is added, and later deleted
    THEN "notary" finds the document in between, and not after."""
    document = make_document(owner=cast.owner, title="Deed")
    client = client_for(cast.owner)
    assert ok(client.post(f"/api/documents/{document.pk}/notes/", {"note": "ask the notary"}, format="json"))
    assert ids_of(search(client, query="notary")) == [document.pk]
    note = Note.objects.get(document=document)
    assert ok(client.delete(f"/api/documents/{document.pk}/notes/?id={note.pk}"))
    assert ids_of(search(client, query="notary")) == []


def test_a_custom_field_value_is_found_once_set(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document and a text custom field
    WHEN the field is set to "Z-99812" on the document
    THEN custom_fields.value:z finds it."""
    document = make_document(owner=cast.owner, title="Policy")
    field = CustomField.objects.create(name="Policy number", data_type="string")
    client = client_for(cast.owner)
    body = {"custom_fields": [{"field": field.pk, "value": "Z-99812"}]}
    assert ok(client.patch(f"/api/documents/{document.pk}/", body, format="json"))
    assert ids_of(search(client, query="custom_fields.value:z-99812")) == [document.pk]


def test_granting_and_revoking_view_changes_who_finds_it(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN the owner's unshared document about a "sabbatical"
    WHEN the owner grants view to bob, then takes it back
    THEN bob finds it only while the grant exists."""
    document = make_document(owner=cast.owner, title="Sabbatical request")
    owner, bob = client_for(cast.owner), client_for(cast.granted)
    assert search(bob, query="sabbatical")["count"] == 0
    grant = {"set_permissions": {"view": {"users": [cast.granted.pk], "groups": []}}}
    assert ok(owner.patch(f"/api/documents/{document.pk}/", grant, format="json"))
    assert ids_of(search(bob, query="sabbatical")) == [document.pk]
    revoke: dict[str, object] = {"set_permissions": {"view": {"users": [], "groups": []}}}
    assert ok(owner.patch(f"/api/documents/{document.pk}/", revoke, format="json"))
    assert search(bob, query="sabbatical")["count"] == 0


def test_a_new_owner_finds_it_and_the_old_one_does_not(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN alice's document
    WHEN the superuser makes dave its owner
    THEN dave finds it and alice no longer does."""
    document = make_document(owner=cast.owner, title="Vehicle registration")
    assert ok(
        client_for(cast.admin).patch(f"/api/documents/{document.pk}/", {"owner": cast.stranger.pk}, format="json")
    )
    assert ids_of(search(client_for(cast.stranger), query="vehicle")) == [document.pk]
    assert search(client_for(cast.owner), query="vehicle")["count"] == 0


def test_trash_removes_it_and_restore_brings_it_back(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document about a "warranty"
    WHEN it is deleted (to the trash) and then restored
    THEN it is not found while in the trash and found again after."""
    document = make_document(owner=cast.owner, title="Warranty card")
    client = client_for(cast.owner)
    assert client.delete(f"/api/documents/{document.pk}/").status_code == 204
    assert search(client, query="warranty")["count"] == 0
    restore = {"documents": [document.pk], "action": "restore"}
    assert ok(client.post("/api/trash/", restore, format="json"))
    assert ids_of(search(client, query="warranty")) == [document.pk]


def test_renaming_a_tag_reindexes_its_documents(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document tagged "misc"
    WHEN the tag is renamed to "insurance"
    THEN tag:insurance finds the document and tag:misc does not."""
    tag = Tag.objects.create(name="misc", owner=cast.owner)
    document = make_document(owner=cast.owner, title="Scan", tags=[tag])
    client = client_for(cast.owner)
    assert ok(client.patch(f"/api/tags/{tag.pk}/", {"name": "insurance"}, format="json"))
    assert ids_of(search(client, query="tag:insurance")) == [document.pk]
    assert search(client, query="tag:misc")["count"] == 0


def test_bulk_edit_tags_are_searchable(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN two untagged documents and a tag "archive2024"
    WHEN both get the tag by bulk edit
    THEN tag:archive2024 finds both."""
    tag = Tag.objects.create(name="archive2024", owner=cast.owner)
    first, second = make_document(owner=cast.owner), make_document(owner=cast.owner)
    edit = {"documents": [first.pk, second.pk], "method": "add_tag", "parameters": {"tag": tag.pk}}
    assert ok(client_for(cast.owner).post("/api/documents/bulk_edit/", edit, format="json"))
    assert sorted(ids_of(search(client_for(cast.owner), query="tag:archive2024"))) == [first.pk, second.pk]


def test_deleting_a_correspondent_reindexes_its_documents(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document from the correspondent "Globex"
    WHEN the correspondent is deleted
    THEN correspondent:globex finds nothing."""
    globex = Correspondent.objects.create(name="Globex", owner=cast.owner)
    make_document(owner=cast.owner, title="Offer", correspondent=globex)
    client = client_for(cast.owner)
    assert search(client, query="correspondent:globex")["count"] == 1
    assert client.delete(f"/api/correspondents/{globex.pk}/").status_code == 204
    assert search(client, query="correspondent:globex")["count"] == 0
