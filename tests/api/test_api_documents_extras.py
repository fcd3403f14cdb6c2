"""Notes, suggestions, share links listing, history, root and next_asn on documents."""

from __future__ import annotations

from paperkeep.documents.actions.notes import add_note
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.actions.sharing import create_share_link
from paperkeep.documents.models import Correspondent, Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def test_add_and_list_notes(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she posts a note THEN the answer is the note list with her user."""
    doc = factories.document(owner=cast.owner)
    notes = client_for(cast.owner).post(f"/api/documents/{doc.pk}/notes/", {"note": "Call back"}, format="json").json()
    assert notes[0]["note"] == "Call back"
    assert notes[0]["user"] == {"id": cast.owner.pk, "username": "alice", "first_name": "", "last_name": ""}
    assert client_for(cast.owner).get(f"/api/documents/{doc.pk}/notes/").json() == notes


def test_view_grant_reads_notes_but_cannot_add(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a view-only share WHEN bob reads notes THEN 200; WHEN he adds one THEN 403."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast)
    client = client_for(cast.granted)
    assert client.get(f"/api/documents/{doc.pk}/notes/").status_code == 200
    assert client.post(f"/api/documents/{doc.pk}/notes/", {"note": "x"}, format="json").status_code == 403


def test_delete_note(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a note WHEN deleted with ?id= THEN the list is empty."""
    doc = factories.document(owner=cast.owner)
    note = add_note(doc, cast.owner, "gone soon")
    response = client_for(cast.owner).delete(f"/api/documents/{doc.pk}/notes/?id={note.pk}")
    assert response.json() == []


def test_delete_note_with_a_bad_id_is_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she deletes a note without an id, or with one that is not a number
    THEN 400 naming `id` with a bare message string (Paperless-ngx raises these from the view, not a serializer)."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    missing = client.delete(f"/api/documents/{doc.pk}/notes/")
    wrong = client.delete(f"/api/documents/{doc.pk}/notes/?id=abc")
    assert (missing.status_code, missing.json()) == (400, {"id": "This field is required."})
    assert (wrong.status_code, wrong.json()) == (400, {"id": "A valid integer is required."})


def test_notes_need_note_permissions(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user with document but not note permissions WHEN reading notes THEN 403."""
    from django.contrib.auth.models import Permission

    limited = factories.user("limited")
    limited.user_permissions.remove(*Permission.objects.filter(codename__endswith="_note"))
    doc = factories.document()
    assert client_for(limited).get(f"/api/documents/{doc.pk}/notes/").status_code == 403


def test_suggestions_match_visible_objects(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a public and a private tag matching the text WHEN dave asks suggestions THEN only the public one."""
    public = create_object(Tag, name="invoice", match="invoice", matching_algorithm=1)
    create_object(Tag, name="private", match="invoice", matching_algorithm=1, owner_id=cast.owner.pk)
    acme = create_object(Correspondent, name="ACME", match="acme", matching_algorithm=1)
    doc = factories.document(owner=cast.stranger, content="ACME invoice of 12.03.2021")
    body = client_for(cast.stranger).get(f"/api/documents/{doc.pk}/suggestions/").json()
    assert body["tags"] == [public.pk]
    assert body["correspondents"] == [acme.pk]
    assert body["dates"] == ["2021-03-12"]


def test_share_links_of_a_document(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a share link WHEN listing the document's share links THEN it is there with its slug."""
    doc = factories.document(owner=cast.owner, files=True)
    link = create_share_link(doc, owner_id=cast.owner.pk)
    body = client_for(cast.owner).get(f"/api/documents/{doc.pk}/share_links/").json()
    assert [row["slug"] for row in body] == [link.slug]


def test_next_asn(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN ASNs 4 and 9 WHEN asking next_asn THEN 10."""
    factories.document(archive_serial_number=4)
    factories.document(archive_serial_number=9)
    assert client_for(cast.owner).get("/api/documents/next_asn/").json() == 10


def test_root_of_a_document(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a root document and a version of it WHEN asking root/ of the version THEN the root's id."""
    root = factories.document(owner=cast.owner)
    version = factories.document(owner=cast.owner, root_document=root)
    assert client_for(cast.owner).get(f"/api/documents/{version.pk}/root/").json() == {"root_id": root.pk}
