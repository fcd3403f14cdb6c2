"""`/api/share_links/` and the public `/share/<slug>/` (expiry honoured, hidden documents refused)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from paperkeep.documents.actions.sharing import create_share_link
from tests.api import factories
from tests.api.conftest import ClientFor


def test_create_share_link_and_download_anonymously(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN she creates a share link THEN anyone can fetch the archive at /share/<slug>/."""
    doc = factories.document(owner=cast.owner, files=True)
    link = client_for(cast.owner).post("/api/share_links/", {"document": doc.pk}, format="json")
    assert link.status_code == 201
    body = link.json()
    assert len(body["slug"]) == 50
    assert list(body) == ["id", "created", "expiration", "slug", "document", "file_version"]
    response = Client().get(f"/share/{body['slug']}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4 archive")


def test_original_file_version(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a share link for the original WHEN fetched THEN the original file."""
    doc = factories.document(owner=cast.owner, files=True)
    link = create_share_link(doc, owner_id=cast.owner.pk, file_version="original")
    response = Client().get(f"/share/{link.slug}")
    assert b"".join(response.streaming_content) == factories.original_bytes(doc)


def test_expired_link_redirects_to_login(cast: factories.People) -> None:
    """GIVEN a link that expired an hour ago WHEN fetched THEN a redirect to the login page with sharelink_expired."""
    doc = factories.document(owner=cast.owner, files=True)
    link = create_share_link(doc, owner_id=cast.owner.pk, expiration=timezone.now() - timedelta(hours=1))
    response = Client().get(f"/share/{link.slug}/")
    assert response.status_code == 302
    assert response["Location"].endswith("?sharelink_expired=1")


def test_unknown_link_redirects_with_notfound(db: None) -> None:
    """GIVEN an unknown slug WHEN fetched THEN a redirect with sharelink_notfound."""
    response = Client().get("/share/nope/")
    assert response["Location"].endswith("?sharelink_notfound=1")


def test_cannot_share_a_hidden_document(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave creates a share link for it THEN 400 as for a missing document."""
    doc = factories.document(owner=cast.owner, files=True)
    response = client_for(cast.stranger).post("/api/share_links/", {"document": doc.pk}, format="json")
    assert response.status_code == 400


def test_share_links_are_private_to_their_owner(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's link WHEN dave lists share links THEN none; its detail is 404."""
    doc = factories.document(files=True)
    link = create_share_link(doc, owner_id=cast.owner.pk)
    client = client_for(cast.stranger)
    assert client.get("/api/share_links/").json()["count"] == 0
    assert client.get(f"/api/share_links/{link.pk}/").status_code == 404


def test_delete_share_link(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a link WHEN its owner deletes it THEN 204 and the public URL no longer serves the file."""
    doc = factories.document(owner=cast.owner, files=True)
    link = create_share_link(doc, owner_id=cast.owner.pk)
    assert client_for(cast.owner).delete(f"/api/share_links/{link.pk}/").status_code == 204
    assert Client().get(f"/share/{link.slug}/").status_code == 302


def test_share_links_cannot_be_updated(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a link WHEN patched THEN 405 (Paperless has no update)."""
    doc = factories.document(owner=cast.owner, files=True)
    link = create_share_link(doc, owner_id=cast.owner.pk)
    assert client_for(cast.owner).patch(f"/api/share_links/{link.pk}/", {}, format="json").status_code == 405
