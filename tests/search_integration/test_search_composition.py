"""Search composes with the list's filters, ordering and pagination, inside the index or through the database."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.models import Correspondent, Document, Tag
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search


def _library(cast: factories.People, make_document: MakeDocument) -> dict[str, Document]:
    with transaction.atomic():  # one commit, so one index write for all five
        return _documents(cast, make_document)


def _documents(cast: factories.People, make_document: MakeDocument) -> dict[str, Document]:
    bank, tax = Tag.objects.create(name="bank"), Tag.objects.create(name="tax")
    acme = Correspondent.objects.create(name="Acme")
    return {
        "bank_acme": make_document(
            owner=cast.owner, title="Invoice one", tags=[bank], correspondent=acme, created=date(2020, 1, 1)
        ),
        "bank_tax": make_document(owner=cast.owner, title="Invoice two", tags=[bank, tax], created=date(2021, 1, 1)),
        "tax_acme": make_document(
            owner=cast.owner, title="Invoice three", tags=[tax], correspondent=acme, created=date(2022, 1, 1)
        ),
        "plain": make_document(owner=cast.owner, title="Invoice four", created=date(2023, 1, 1)),
        "other": make_document(owner=cast.owner, title="Letter", tags=[bank], created=date(2024, 1, 1)),
    }


def test_tag_and_correspondent_filters_narrow_the_hits(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN invoices with different tags and correspondents, and a bank letter
    WHEN searching "invoice" with tags__id__all=bank and then correspondent__id=Acme
    THEN only invoices with every condition are found, and the count says so."""
    docs = _library(cast, make_document)
    bank = Tag.objects.get(name="bank")
    acme = Correspondent.objects.get(name="Acme")
    client = client_for(cast.owner)
    body = search(client, query="invoice", tags__id__all=bank.pk)
    assert set(ids_of(body)) == {docs["bank_acme"].pk, docs["bank_tax"].pk} and body["count"] == 2
    body = search(client, query="invoice", tags__id__all=bank.pk, correspondent__id=acme.pk)
    assert ids_of(body) == [docs["bank_acme"].pk]
    body = search(client, query="invoice", tags__id__none=bank.pk, created__gte="2023-01-01")
    assert ids_of(body) == [docs["plain"].pk]


def test_ordering_by_a_field_and_pages(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN four invoices created in four years
    WHEN searching with ordering=created and page_size=3, pages 1 and 2, then ordering=-created
    THEN the pages hold the oldest three and the newest one, ranks continue across pages, and -created reverses."""
    docs = _library(cast, make_document)
    client = client_for(cast.owner)
    first = search(client, query="invoice", ordering="created", page_size=3, page=1)
    second = search(client, query="invoice", ordering="created", page_size=3, page=2)
    oldest_first = [docs[k].pk for k in ("bank_acme", "bank_tax", "tax_acme", "plain")]
    assert ids_of(first) + ids_of(second) == oldest_first
    assert first["count"] == second["count"] == 4 and first["next"] and second["previous"]
    assert [row["__search_hit__"]["rank"] for row in second["results"]] == [4]
    assert ids_of(search(client, query="invoice", ordering="-created")) == oldest_first[::-1]


def test_ordering_by_title_is_the_databases_and_keeps_only_visible_hits(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN the four invoices (and a hidden one of another owner)
    WHEN a user searches "invoice" ordered by title, then by -title, in pages of 3
    THEN the hits come in the database's title order, the hidden invoice in no page and no count."""
    docs = _library(cast, make_document)
    make_document(owner=cast.stranger, title="Invoice alpha (hidden)")
    client = client_for(cast.owner)
    by_title = [docs[k].pk for k in ("plain", "bank_acme", "tax_acme", "bank_tax")]  # four, one, three, two
    first = search(client, query="invoice", ordering="title", page_size=3, page=1)
    second = search(client, query="invoice", ordering="title", page_size=3, page=2)
    assert ids_of(first) + ids_of(second) == by_title and first["count"] == 4
    assert ids_of(search(client, query="invoice", ordering="-title")) == by_title[::-1]


def test_a_filter_the_index_lacks_is_applied_by_the_database(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN the invoices
    WHEN searching "invoice" with title__icontains=three (a filter only the database has)
    THEN exactly the invoice whose title contains it is found, with its __search_hit__."""
    docs = _library(cast, make_document)
    body = search(client_for(cast.owner), query="invoice", title__icontains="three")
    assert ids_of(body) == [docs["tax_acme"].pk] and body["results"][0]["__search_hit__"]["rank"] == 1


def test_an_ordering_the_index_lacks_is_done_by_the_database(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN invoices with a numeric custom field holding 3, 1 and 2
    WHEN searching "invoice" ordered by that custom field
    THEN the hits come in the field's order (documents without it last)."""
    docs = _library(cast, make_document)
    field = create_custom_field("Priority", "integer")
    for key, value in (("bank_acme", 3), ("bank_tax", 1), ("tax_acme", 2)):
        set_custom_fields(docs[key], {field.pk: value})
    body = search(client_for(cast.owner), query="invoice", ordering=f"custom_field_{field.pk}")
    assert ids_of(body) == [docs[k].pk for k in ("bank_tax", "tax_acme", "bank_acme", "plain")]


def test_text_and_title_search_match_inside_words(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document titled "Electricity bill" whose text mentions "household"
    WHEN searching text=tricity and text=useho, then title_search=useho and title_search=lectri
    THEN text= finds it by title or text, title_search= only by title."""
    document = make_document(owner=cast.owner, title="Electricity bill", content="for the household")
    client = client_for(cast.owner)
    assert ids_of(search(client, text="tricity")) == [document.pk]
    assert ids_of(search(client, text="useho")) == [document.pk]
    assert ids_of(search(client, title_search="useho")) == []
    assert ids_of(search(client, title_search="lectri")) == [document.pk]


def test_version_9_lists_every_hit_id_in_all(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN four invoices and a letter
    WHEN an API version 9 client searches "invoice" one per page
    THEN `all` holds the ids of all four invoices."""
    docs = _library(cast, make_document)
    body = search(client_for(cast.owner, version=9), query="invoice", page_size=1)
    assert sorted(body["all"]) == sorted(docs[k].pk for k in ("bank_acme", "bank_tax", "tax_acme", "plain"))
    assert len(body["results"]) == 1
