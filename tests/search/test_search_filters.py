"""Structured list filters applied inside the index, alone and combined with a query."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from paperkeep.search import DocRecord, Filters, IdFilter, IntRange, SearchIndex, TimeRange, open_index
from tests.search.helpers import found, page

DOCS = (
    DocRecord(
        id=1,
        content="rent",
        tag_ids=(1, 2),
        correspondent_id=10,
        document_type_id=20,
        storage_path_id=30,
        owner_id=40,
        custom_field_ids=(50,),
        created=date(2024, 1, 10),
        added=datetime(2024, 1, 11, 8, 0, tzinfo=UTC),
        modified=datetime(2024, 2, 1, 8, 0, tzinfo=UTC),
        asn=5,
        mime_type="application/pdf",
    ),
    DocRecord(
        id=2,
        content="rent",
        tag_ids=(2, 3),
        correspondent_id=11,
        custom_field_ids=(50, 51),
        created=date(2024, 3, 1),
        added=datetime(2024, 3, 2, 8, 0, tzinfo=UTC),
        asn=7,
        mime_type="image/png",
    ),
    DocRecord(id=3, content="water", created=date(2023, 12, 31), mime_type="text/plain", owner_id=41),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = open_index(tmp_path_factory.mktemp("filters") / "index")
    index.upsert(DOCS)
    return index


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(ids=(1, 3)), {1, 3}),
        (Filters(ids=()), set()),
        (Filters(tags_all=(1, 2)), {1}),
        (Filters(tags_any=(1, 3)), {1, 2}),
        (Filters(tags_none=(1,)), {2, 3}),
        (Filters(is_tagged=True), {1, 2}),
        (Filters(is_tagged=False), {3}),
        (Filters(inbox_tag_ids=(3,), is_in_inbox=True), {2}),
        (Filters(inbox_tag_ids=(3,), is_in_inbox=False), {1, 3}),
        (Filters(inbox_tag_ids=(), is_in_inbox=True), set()),
        (Filters(correspondent=IdFilter(any_of=(10,))), {1}),
        (Filters(correspondent=IdFilter(none_of=(10,))), {2, 3}),
        (Filters(correspondent=IdFilter(isnull=True)), {3}),
        (Filters(correspondent=IdFilter(isnull=False)), {1, 2}),
        (Filters(document_type=IdFilter(any_of=(20,))), {1}),
        (Filters(storage_path=IdFilter(isnull=True)), {2, 3}),
        (Filters(owner=IdFilter(any_of=(40, 41))), {1, 3}),
        (Filters(owner=IdFilter(isnull=True)), {2}),
        (Filters(custom_fields_all=(50, 51)), {2}),
        (Filters(custom_fields_any=(51,)), {2}),
        (Filters(custom_fields_none=(51,)), {1, 3}),
        (Filters(has_custom_fields=False), {3}),
        (Filters(created=TimeRange(gte=date(2024, 1, 1))), {1, 2}),
        (Filters(created=TimeRange(gt=date(2024, 1, 10))), {2}),
        (Filters(created=TimeRange(lte=date(2024, 1, 10))), {1, 3}),
        (Filters(created=TimeRange(lt=date(2024, 1, 10))), {3}),
        (Filters(created=TimeRange(gte=date(2024, 1, 1), lt=date(2024, 2, 1))), {1}),
        (Filters(added=TimeRange(gt=datetime(2024, 1, 11, 8, 0, tzinfo=UTC))), {2}),
        (Filters(added=TimeRange(gte=datetime(2024, 1, 11, 8, 0, tzinfo=UTC))), {1, 2}),
        (Filters(added=TimeRange(lte=date(2024, 1, 11))), {1}),
        (Filters(modified=TimeRange(gte=date(2024, 1, 1))), {1}),
        (Filters(asn=IntRange(exact=7)), {2}),
        (Filters(asn=IntRange(gt=5)), {2}),
        (Filters(asn=IntRange(lte=5)), {1}),
        (Filters(asn=IntRange(isnull=True)), {3}),
        (Filters(mime_type="PDF"), {1}),
        (Filters(mime_type="image"), {2}),
    ],
)
def test_filter(index: SearchIndex, filters: Filters, expected: set[int]) -> None:
    """GIVEN three documents WHEN listing with one filter THEN exactly the documents it describes remain."""
    assert found(index, filters=filters) == expected


def test_filters_compose_with_the_query(index: SearchIndex) -> None:
    """GIVEN 'rent' in two documents WHEN filtering on tag 3 THEN the query and the filter both apply."""
    result = page(index, "rent", filters=Filters(tags_any=(3,)))
    assert (result.total, result.ids) == (1, [2])


def test_filters_do_not_change_scores(index: SearchIndex) -> None:
    """GIVEN a search WHEN a filter that keeps every hit is added THEN the scores are the same."""
    plain = page(index, "rent")
    filtered = page(index, "rent", filters=Filters(ids=(1, 2)))
    assert [(h.id, h.score) for h in plain.hits] == [(h.id, h.score) for h in filtered.hits]
