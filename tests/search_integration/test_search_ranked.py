"""`GET /api/documents/?query=`: ranked hits, each with Paperless-ngx's `__search_hit__`."""

from __future__ import annotations

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.actions.notes import add_note
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search


def test_a_title_hit_ranks_above_a_content_hit(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN one document with the word in its text and one with it in its title
    WHEN the owner searches for the word
    THEN both are found, the title hit first, with ranks 1 and 2 and falling scores."""
    in_text = make_document(owner=cast.owner, title="Letter", content="the electricity invoice is attached")
    in_title = make_document(owner=cast.owner, title="Electricity invoice", content="amount due in March")
    make_document(owner=cast.owner, title="Holiday photos", content="beach and sun")
    body = search(client_for(cast.owner), query="electricity")
    assert ids_of(body) == [in_title.pk, in_text.pk] and body["count"] == 2
    hits = [row["__search_hit__"] for row in body["results"]]
    assert [hit["rank"] for hit in hits] == [1, 2]
    assert hits[0]["score"] > hits[1]["score"] > 0
    assert body["corrected_query"] is None


def test_highlights_mark_the_matched_words(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document whose text contains the word searched for
    WHEN it is found
    THEN its highlights show the word wrapped in <b></b>, and note_highlights is null (no notes)."""
    make_document(owner=cast.owner, title="Letter", content="Please find the water meter reading below.")
    [row] = search(client_for(cast.owner), query="meter")["results"]
    assert "<b>meter</b>" in row["__search_hit__"]["highlights"]
    assert row["__search_hit__"]["note_highlights"] is None


def test_plain_words_find_notes_and_show_them_in_note_highlights(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document whose only mention of a word is in a note
    WHEN the word is searched without a field
    THEN the document is found and note_highlights marks the word."""
    document = make_document(owner=cast.owner, title="Scan", content="nothing here")
    add_note(document, cast.owner, "call the landlord back")
    [row] = search(client_for(cast.owner), query="landlord")["results"]
    assert row["id"] == document.pk and "<b>landlord</b>" in row["__search_hit__"]["note_highlights"]


def test_plain_words_and_field_queries_find_custom_field_values(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document with a custom field "Contract number" = "QX-4711"
    WHEN searching the bare value, then `custom_fields.value:` and `custom_fields.name:`
    THEN the document is found each time."""
    document = make_document(owner=cast.owner, title="Contract", content="terms")
    field = create_custom_field("Contract number", "string")
    set_custom_fields(document, {field.pk: "QX-4711"})
    client = client_for(cast.owner)
    for query in ("qx-4711", "custom_fields.value:qx", 'custom_fields.name:"contract number"'):
        assert ids_of(search(client, query=query)) == [document.pk], query


def test_field_queries_on_tags_correspondent_and_dates(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a tagged document from a correspondent created in 2021 and an untagged one from 2023
    WHEN searching by tag, by correspondent and by a created range
    THEN each query finds exactly the matching document."""
    from datetime import date

    from paperkeep.documents.models import Correspondent, Tag

    bank = Tag.objects.create(name="Bank")
    acme = Correspondent.objects.create(name="Acme Energy")
    old = make_document(owner=cast.owner, title="A", tags=[bank], correspondent=acme, created=date(2021, 5, 1))
    new = make_document(owner=cast.owner, title="B", created=date(2023, 5, 1))
    client = client_for(cast.owner)
    assert ids_of(search(client, query="tag:bank")) == [old.pk]
    assert ids_of(search(client, query='correspondent:"acme energy"')) == [old.pk]
    assert ids_of(search(client, query="created:[2022 to 2024]")) == [new.pk]
