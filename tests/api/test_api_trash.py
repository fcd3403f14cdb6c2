"""`/api/trash/`: list, restore, empty; only owned or unowned documents (grants do not count)."""

from __future__ import annotations

from datetime import date

from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.models import Document
from tests.api import factories
from tests.api.conftest import ClientFor


def test_trash_lists_own_and_unowned_only(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's, a shared and an unowned trashed document WHEN bob lists the trash THEN only the unowned one."""
    own = factories.document(owner=cast.owner)
    shared = factories.document(owner=cast.owner)
    factories.share(shared, cast)
    public = factories.document()
    trash_documents([own, shared, public])
    listed = client_for(cast.granted).get("/api/trash/").json()
    assert [row["id"] for row in listed["results"]] == [public.pk]
    assert listed["results"][0]["deleted_at"] is not None
    assert client_for(cast.owner).get("/api/trash/").json()["count"] == 3


def test_restore(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a trashed document WHEN restored THEN it is back in the list."""
    doc = factories.document(owner=cast.owner)
    trash_documents([doc])
    body = client_for(cast.owner).post("/api/trash/", {"documents": [doc.pk], "action": "restore"}, format="json")
    assert body.json() == {"result": "OK", "doc_ids": [doc.pk]}
    assert Document.objects.filter(pk=doc.pk).exists()


def test_empty_deletes_for_good(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a trashed document with files WHEN the trash is emptied THEN the row is gone."""
    doc = factories.document(owner=cast.owner, files=True)
    trash_documents([doc])
    client_for(cast.owner).post("/api/trash/", {"action": "empty"}, format="json")
    assert not Document.global_objects.filter(pk=doc.pk).exists()


def test_someone_elses_trashed_document_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's trashed document WHEN dave restores it THEN 400 and it stays in the trash."""
    doc = factories.document(owner=cast.owner)
    trash_documents([doc])
    response = client_for(cast.stranger).post(
        "/api/trash/", {"documents": [doc.pk], "action": "restore"}, format="json"
    )
    assert response.status_code == 400
    assert Document.deleted_objects.filter(pk=doc.pk).exists()


def test_live_document_cannot_be_emptied(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document not in the trash WHEN emptying it from the trash THEN 400."""
    doc = factories.document(owner=cast.owner)
    response = client_for(cast.owner).post("/api/trash/", {"documents": [doc.pk], "action": "empty"}, format="json")
    assert response.status_code == 400
    assert Document.objects.filter(pk=doc.pk).exists()


def test_trash_is_listed_newest_created_first(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an old document trashed after a newer one WHEN alice lists the trash
    THEN the newer-created document comes first (Paperless-ngx's default document order, not deletion time)."""
    old = factories.document(owner=cast.owner, created=date(2020, 1, 1))
    new = factories.document(owner=cast.owner, created=date(2024, 1, 1))
    trash_documents([new])
    trash_documents([old])
    listed = client_for(cast.owner).get("/api/trash/").json()
    assert [row["id"] for row in listed["results"]] == [new.pk, old.pk]
