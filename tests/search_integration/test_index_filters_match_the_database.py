"""The list filters and orderings the index applies give exactly what the database gives for the same request.

All documents mention the word searched for, so `?query=WORD&<filters>` (filtered and ordered inside the index)
must list what `?<filters>` (filtered and ordered by the database) lists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import transaction

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.notes import add_note
from paperkeep.documents.models import Correspondent, CustomField, Document, DocumentType, StoragePath, Tag
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search

WORD = "common"
NAMES = ("alder", "birch", "cedar", "dogwood", "elm", "fir", "ginkgo", "hazel", "ivy", "juniper", "kapok", "larch")


@pytest.fixture
def library(cast: factories.People, make_document: MakeDocument) -> dict[str, Any]:
    """Twelve documents, all mentioning WORD, varying every attribute the list filters on."""
    with transaction.atomic():
        inbox = Tag.objects.create(name="inbox", is_inbox_tag=True)
        red, blue = Tag.objects.create(name="red"), Tag.objects.create(name="blue")
        acme, globex = Correspondent.objects.create(name="acme"), Correspondent.objects.create(name="globex")
        letter = DocumentType.objects.create(name="letter")
        shelf = StoragePath.objects.create(name="shelf", path="{{ title }}")
        text = CustomField.objects.create(name="ref", data_type="string")
        number = CustomField.objects.create(name="amount", data_type="integer")
        owners = [cast.owner, None, cast.stranger]
        for n, name in enumerate(NAMES):
            document = make_document(
                owner=owners[n % 3],
                title=name,
                content=f"{WORD} text {n}",
                tags=[[], [inbox], [red], [red, blue], [blue, inbox]][n % 5],
                correspondent=[None, acme, globex][n % 3],
                document_type=letter if n % 2 else None,
                storage_path=shelf if n % 4 == 0 else None,
                created=date(2020, 1 + n, 10),
                added=datetime(2021, 1 + n, 5, 12, 0, 0, tzinfo=UTC),
                archive_serial_number=100 + n if n % 3 else None,
                page_count=None if n == 5 else (n * 7) % 5 + 1,
                mime_type="image/png" if n % 4 == 1 else "application/pdf",
            )
            if n % 3 == 0:
                set_custom_fields(document, {text.pk: f"R{n}"})
            if n % 4 == 2:
                set_custom_fields(document, {number.pk: n})
            for _ in range(n % 3):
                add_note(document, cast.owner, "a note")
    return {"inbox": inbox, "red": red, "blue": blue, "acme": acme, "globex": globex, "letter": letter,
            "shelf": shelf, "text": text, "number": number, "cast": cast}  # fmt: skip


FILTERS: list[dict[str, Any]] = [
    {"tags__id__all": "{red},{blue}"},
    {"tags__id__in": "{red},{inbox}"},
    {"tags__id__none": "{blue}"},
    {"tags__id": "{red}"},
    {"is_tagged": "true"},
    {"is_tagged": "false"},
    {"is_in_inbox": "true"},
    {"is_in_inbox": "false"},
    {"correspondent__id": "{acme}"},
    {"correspondent__id__in": "{acme},{globex}"},
    {"correspondent__id__none": "{acme}"},
    {"correspondent__isnull": "true"},
    {"document_type__isnull": "true", "storage_path__id": "{shelf}"},
    {"document_type__id__none": "{letter}"},
    {"owner__id": "{owner}"},
    {"owner__isnull": "true"},
    {"owner__id__none": "{owner}"},
    {"owner__id__in": "{owner},{stranger}"},
    {"created__gt": "2020-04-10"},
    {"created__date__lte": "2020-06-10", "created__gte": "2020-03-01"},
    {"added__date__gt": "2021-05-05"},
    {"added__lt": "2021-03-05T12:00:01Z"},
    {"added__gte": "2021-03-05T12:00:00+00:00"},
    {"archive_serial_number": "104"},
    {"archive_serial_number__gt": "104", "archive_serial_number__lte": "110"},
    {"archive_serial_number__isnull": "true"},
    {"custom_fields__id__all": "{text}"},
    {"custom_fields__id__in": "{text},{number}"},
    {"custom_fields__id__none": "{number}"},
    {"has_custom_fields": "false"},
    {"mime_type": "PNG"},
    {"id__in": "{first},{third}"},
]
ORDERINGS = [
    "created", "-created", "title", "-title", "added", "-modified", "archive_serial_number", "-archive_serial_number",
    "page_count", "-page_count", "num_notes", "-num_notes", "owner", "-owner", "correspondent__name",
    "-correspondent__name", "document_type__name", "storage_path__name", "id", "-id",
]  # fmt: skip


def _params(template: dict[str, Any], library: dict[str, Any]) -> dict[str, str]:
    cast = library["cast"]
    pks = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    names = {key: value.pk for key, value in library.items() if hasattr(value, "pk")}
    names.update(owner=cast.owner.pk, stranger=cast.stranger.pk, first=pks[0], third=pks[2])
    return {key: value.format(**names) for key, value in template.items()}


def test_every_filter_gives_the_database_answer(
    cast: factories.People, client_for: ClientFor, library: dict[str, Any]
) -> None:
    """GIVEN twelve documents that all mention the word searched for
    WHEN each list filter is combined with the search (applied inside the index)
    THEN the hits are exactly the documents the same filter lists without a search (applied by the database)."""
    client = client_for(cast.admin)
    for template in FILTERS:
        params = _params(template, library)
        expected = sorted(ids_of(search(client, page_size=100, **params)))
        assert expected, f"{params} should keep some documents"
        assert sorted(ids_of(search(client, query=WORD, page_size=100, **params))) == expected, params


def test_every_index_ordering_gives_the_database_order(
    cast: factories.People, client_for: ClientFor, library: dict[str, Any]
) -> None:
    """GIVEN twelve documents that all mention the word searched for
    WHEN the search is ordered by each field the list orders by
    THEN the order is the one the database gives the plain list."""
    client = client_for(cast.admin)
    for ordering in ORDERINGS:
        expected = ids_of(search(client, ordering=ordering, page_size=100))
        assert ids_of(search(client, query=WORD, ordering=ordering, page_size=100)) == expected, ordering
