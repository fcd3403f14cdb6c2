"""`?more_like_id=`: documents sharing the source's distinctive words; 404 for a source the user cannot view."""

from __future__ import annotations

from django.db import transaction

from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search

METER = "water meter reading quarterly utility consumption cubic"


def test_similar_documents_are_listed_without_the_source(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN two documents about water meter readings and one about a holiday
    WHEN listing documents like the first
    THEN only the other meter document is listed, with a __search_hit__ of rank 1."""
    with transaction.atomic():
        source = make_document(owner=cast.owner, title="Meter reading", content=METER + " march")
        similar = make_document(owner=cast.owner, title="Meter reading", content=METER + " june")
        make_document(owner=cast.owner, title="Holiday", content="beach sunshine hotel flight")
    body = search(client_for(cast.owner), more_like_id=source.pk)
    assert ids_of(body) == [similar.pk]
    assert body["results"][0]["__search_hit__"]["rank"] == 1


def test_a_hidden_or_missing_source_is_404(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document of the owner's that nobody shares
    WHEN a stranger asks for documents like it, and for documents like an id that does not exist
    THEN both answers are 404."""
    hidden = make_document(owner=cast.owner, title="Meter reading", content=METER)
    client = client_for(cast.stranger)
    assert client.get("/api/documents/", {"more_like_id": hidden.pk}).status_code == 404
    assert client.get("/api/documents/", {"more_like_id": 999_999}).status_code == 404
    assert client.get("/api/documents/", {"more_like_id": "x"}).status_code == 404


def test_similar_documents_compose_with_filters(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN three meter documents, one of them tagged
    WHEN listing documents like the first, restricted to the tag
    THEN only the tagged similar document is listed."""
    from paperkeep.documents.models import Tag

    tag = Tag.objects.create(name="home")
    with transaction.atomic():
        source = make_document(owner=cast.owner, title="Meter", content=METER + " one")
        tagged = make_document(owner=cast.owner, title="Meter", content=METER + " two", tags=[tag])
        make_document(owner=cast.owner, title="Meter", content=METER + " three")
    assert ids_of(search(client_for(cast.owner), more_like_id=source.pk, tags__id__all=tag.pk)) == [tagged.pk]
