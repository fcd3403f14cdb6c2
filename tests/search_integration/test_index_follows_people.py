"""The index follows changes of users and groups: deleting or renaming a user, deleting a group, and group
membership (which the index does not hold, so it needs no re-index)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from paperkeep.documents import search as documents_search
from paperkeep.documents.models import Note
from paperkeep.search import Viewer
from paperkeep.web import people
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, ok, search


def test_deleting_the_owner_through_the_api_makes_the_document_findable_by_everyone(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document owned by alice, hidden from dave
    WHEN a superuser deletes alice through /api/users/
    THEN the document has no owner, and dave's search finds it as his document list shows it."""
    document = make_document(owner=cast.owner, title="Lease agreement")
    stranger = client_for(cast.stranger)
    assert ids_of(search(stranger, query="lease")) == []
    assert ok(client_for(cast.admin).delete(f"/api/users/{cast.owner.pk}/"))
    assert ids_of(search(stranger, query="lease")) == [document.pk]


def test_renaming_a_user_through_the_api_changes_owner_and_note_author_queries(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document owned by alice with a note alice wrote
    WHEN a superuser renames alice to "alicia" through /api/users/
    THEN `owner:alicia` and `notes.user:alicia` find it, and `owner:alice` no longer does."""
    document = make_document(owner=cast.owner, title="Lease")
    Note.objects.create(document=document, user=cast.owner, note="signed")
    documents_search.sync([document.pk])
    admin = client_for(cast.admin)
    assert ok(admin.patch(f"/api/users/{cast.owner.pk}/", {"username": "alicia"}, format="json"))
    assert ids_of(search(admin, query="owner:alicia")) == [document.pk]
    assert ids_of(search(admin, query="notes.user:alicia")) == [document.pk]
    assert ids_of(search(admin, query="owner:alice")) == []


def test_deleting_a_user_in_the_web_manage_pages_reindexes_their_documents(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document owned by alice, hidden from dave
    WHEN a superuser deletes alice on the web's Manage pages
    THEN dave's search finds the now ownerless document."""
    document = make_document(owner=cast.owner, title="Lease agreement")
    people.delete_user(cast.admin, cast.owner)
    assert ids_of(search(client_for(cast.stranger), query="lease")) == [document.pk]


def test_renaming_a_user_in_the_web_manage_pages_changes_owner_queries(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document owned by alice
    WHEN a superuser renames her to "alicia" on the web's Manage pages
    THEN `owner:alicia` finds the document."""
    document = make_document(owner=cast.owner, title="Lease")
    owner = cast.owner
    changes = people.UserChanges(
        username="alicia", email=owner.email, first_name="", last_name="", password="",
        is_active=True, is_staff=False, is_superuser=False, group_ids=(), permissions=(),
    )  # fmt: skip
    people.save_user(cast.admin, owner, changes)
    assert ids_of(search(client_for(cast.admin), query="owner:alicia")) == [document.pk]


def test_deleting_a_group_removes_its_grant_from_the_index(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document of alice shared with the group "team"
    WHEN a superuser deletes the group through /api/groups/
    THEN the index no longer lets a viewer in that group id see the document."""
    document = make_document(owner=cast.owner, title="Budget")
    factories.share(document, cast)
    documents_search.sync([document.pk])
    group_id = cast.group.pk
    claimed = Viewer(user_id=cast.stranger.pk, group_ids=(group_id,))
    assert documents_search.get_index().ids("budget", claimed) == [document.pk]
    assert ok(client_for(cast.admin).delete(f"/api/groups/{group_id}/"))
    assert documents_search.fresh_index().ids("budget", claimed) == []


def test_joining_a_group_shows_its_documents_without_a_reindex(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document of alice shared with the group "team", which dave is not in
    WHEN dave is added to the group (no document is written)
    THEN dave's next search finds the document: membership is read at query time."""
    document = make_document(owner=cast.owner, title="Budget")
    factories.share(document, cast)
    documents_search.sync([document.pk])
    assert ids_of(search(client_for(cast.stranger), query="budget")) == []
    Group.objects.get(pk=cast.group.pk).user_set.add(cast.stranger)
    assert ids_of(search(client_for(cast.stranger), query="budget")) == [document.pk]
