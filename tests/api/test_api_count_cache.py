"""Remembered list counts: reused between pages, never after a document write, never across users or groups."""

from __future__ import annotations

from typing import Any

from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.actions.permissions import Grants, set_permissions
from tests.api import factories
from tests.api.conftest import ClientFor


def count(client: Any) -> int:
    return int(client.get("/api/documents/?page_size=1").json()["count"])


def test_count_follows_a_write(
    cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN a listed library WHEN a document is trashed (and the write commits) THEN the next count drops."""
    docs = [factories.document(owner=cast.owner) for _ in range(3)]
    client = client_for(cast.owner)
    assert count(client) == 3
    with django_capture_on_commit_callbacks(execute=True):
        trash_documents([docs[0]])
    assert count(client) == 2


def test_count_follows_a_new_grant(
    cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN dave's count WHEN alice shares a document with him THEN his next count includes it."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.stranger)
    assert count(client) == 0
    with django_capture_on_commit_callbacks(execute=True):
        set_permissions([doc], Grants.of([cast.stranger.pk]))
    assert count(client) == 1


def test_counts_are_per_user(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN alice, then dave, count THEN 1 and 0 (no shared cache entry)."""
    factories.document(owner=cast.owner)
    assert count(client_for(cast.owner)) == 1
    assert count(client_for(cast.stranger)) == 0


def test_joining_a_group_changes_the_count(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document shared with the team WHEN dave joins the team THEN his count includes it."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast)
    assert count(client_for(cast.stranger)) == 0
    cast.stranger.groups.add(cast.group)
    assert count(client_for(cast.stranger)) == 1


def test_filters_have_their_own_counts(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an invoice and a letter WHEN counting all, then invoices THEN 2, then 1."""
    factories.document(title="Invoice")
    factories.document(title="Letter")
    client = client_for(cast.owner)
    assert count(client) == 2
    assert client.get("/api/documents/?title__icontains=invoice").json()["count"] == 1


def test_statistics_follow_writes_and_new_objects(
    cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN read statistics WHEN a tag is created and a document trashed THEN both show at once."""
    from paperkeep.documents.actions.objects import create_object
    from paperkeep.documents.models import Tag

    doc = factories.document(owner=cast.owner)
    factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    assert client.get("/api/statistics/").json()["documents_total"] == 2
    create_object(Tag, name="new")
    with django_capture_on_commit_callbacks(execute=True):
        trash_documents([doc])
    body = client.get("/api/statistics/").json()
    assert (body["documents_total"], body["tag_count"]) == (1, 1)


def test_tag_counts_follow_a_write(
    cast: factories.People, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN 40 tags listed with counts WHEN a document tagged with one is trashed THEN its count drops."""
    from paperkeep.documents.actions.objects import create_object
    from paperkeep.documents.models import Tag

    tags = [create_object(Tag, name=f"t{n:02}") for n in range(40)]
    doc = factories.document(owner=cast.owner, tags=[tags[0]])
    client = client_for(cast.owner)
    assert client.get("/api/tags/?page_size=100").json()["results"][0]["document_count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        trash_documents([doc])
    assert client.get("/api/tags/?page_size=100").json()["results"][0]["document_count"] == 0
