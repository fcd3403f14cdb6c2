"""`GET /api/search/?query=`: up to three of each kind of object the requester may view."""

from __future__ import annotations

from django.db import transaction

from paperkeep.documents.models import Correspondent, Tag
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument

URL = "/api/search/"
KEYS = {
    "total", "documents", "saved_views", "tags", "correspondents", "document_types", "storage_paths", "users",
    "groups", "mail_rules", "mail_accounts", "workflows", "custom_fields",
}  # fmt: skip


def test_documents_and_objects_are_found_capped_at_three(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN five documents mentioning "pension", a tag and a correspondent named after it
    WHEN the superuser searches "pens"
    THEN three documents, the tag and the correspondent come back in Paperless-ngx's shape, with the total."""
    with transaction.atomic():
        for number in range(5):
            make_document(owner=cast.owner, title=f"Letter {number}", content="your pension statement")
    Tag.objects.create(name="Pension")
    Correspondent.objects.create(name="Pension fund")
    body = client_for(cast.admin).get(URL, {"query": "pens"}).json()
    assert set(body) == KEYS
    assert len(body["documents"]) == 3 and body["documents"][0]["title"].startswith("Letter")
    assert [tag["name"] for tag in body["tags"]] == ["Pension"]
    assert [c["name"] for c in body["correspondents"]] == ["Pension fund"]
    assert body["total"] == 5


def test_db_only_matches_titles_in_the_database(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document titled "Tax notice" and one only mentioning tax in its text
    WHEN searching "notice" with db_only=true
    THEN only the title match is returned."""
    titled = make_document(owner=cast.owner, title="Tax notice", content="")
    make_document(owner=cast.owner, title="Letter", content="notice of assessment")
    body = client_for(cast.owner).get(URL, {"query": "notice", "db_only": "true"}).json()
    assert [row["id"] for row in body["documents"]] == [titled.pk]


def test_hidden_documents_and_objects_are_not_returned(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN the owner's unshared document and tag about "alimony"
    WHEN a stranger searches "alimony"
    THEN nothing comes back and the total is 0."""
    make_document(owner=cast.owner, title="Alimony", content="alimony payments")
    Tag.objects.create(name="Alimony", owner=cast.owner)
    body = client_for(cast.stranger).get(URL, {"query": "alimony"}).json()
    assert body["total"] == 0 and body["documents"] == [] and body["tags"] == []


def test_a_short_or_missing_query_is_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN any user
    WHEN the query is missing or shorter than three characters
    THEN the answer is 400."""
    client = client_for(cast.owner)
    assert client.get(URL).status_code == 400
    assert client.get(URL, {"query": "ab"}).status_code == 400


def test_found_objects_carry_no_document_count_but_nested_children_do(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a tag "Pension" with a child tag on one document, and a correspondent "Pension fund"
    WHEN searching "pens"
    THEN, as in Paperless-ngx, the found tag and correspondent have no document_count, the nested child has its
    count, and the rest of the object is the list's shape."""
    parent = Tag.objects.create(name="Pension")
    child = Tag.objects.create(name="Statements", parent=parent)
    make_document(owner=cast.owner, title="Letter", tags=[child])
    Correspondent.objects.create(name="Pension fund")
    client = client_for(cast.admin)
    body = client.get(URL, {"query": "pens"}).json()
    [tag], [correspondent] = body["tags"], body["correspondents"]
    assert "document_count" not in tag and "document_count" not in correspondent
    assert [(c["name"], c["document_count"]) for c in tag["children"]] == [("Statements", 1)]
    listed = client.get("/api/tags/", {"id": parent.pk}).json()["results"][0]
    assert {key: value for key, value in listed.items() if key != "document_count"} == tag
