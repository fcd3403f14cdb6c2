"""Ordering inside the index by Paperless-ngx ordering names, with the id breaking ties."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from paperkeep.search import DocRecord, InvalidSearchRequest, SearchIndex, Sort, UnsupportedSort, open_index
from tests.search.helpers import page

DOCS = (
    DocRecord(
        id=1,
        title="banana",
        content="rent",
        created=date(2024, 1, 1),
        added=datetime(2024, 1, 5, tzinfo=UTC),
        asn=3,
        page_count=10,
        correspondent="Zeta",
        owner_id=5,
    ),
    DocRecord(
        id=2,
        title="Äpfel",
        content="rent rent",
        created=date(2024, 1, 1),
        added=datetime(2024, 1, 3, tzinfo=UTC),
        page_count=2,
        correspondent="alpha",
        notes=("a", "b"),
        owner_id=4,
    ),
    DocRecord(
        id=3,
        title="cherry",
        content="rent",
        created=date(2023, 6, 1),
        added=datetime(2024, 1, 4, tzinfo=UTC),
        asn=1,
        page_count=5,
        notes=("a",),
    ),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = open_index(tmp_path_factory.mktemp("sorting") / "index")
    index.upsert(DOCS)
    return index


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort("created"), [2, 1, 3]),
        (Sort("created", descending=False), [3, 1, 2]),
        (Sort("added"), [1, 3, 2]),
        (Sort("archive_serial_number", descending=False), [2, 3, 1]),
        (Sort("page_count"), [1, 3, 2]),
        (Sort("num_notes"), [2, 3, 1]),
        (Sort("title", descending=False), [2, 1, 3]),
        (Sort("correspondent__name", descending=False), [3, 2, 1]),
        (Sort("owner", descending=False), [3, 2, 1]),
        (Sort("id"), [3, 2, 1]),
    ],
)
def test_sort(index: SearchIndex, sort: Sort, expected: list[int]) -> None:
    """GIVEN three documents WHEN ordering by a field THEN values decide and the id breaks ties (missing lowest)."""
    assert page(index, "rent", sort=sort).ids == expected


def test_field_sorted_hits_still_carry_scores(index: SearchIndex) -> None:
    """GIVEN a search ordered by created WHEN reading the hits THEN each has its relevance score and rank."""
    hits = page(index, "rent", sort=Sort("created")).hits
    assert all(hit.score > 0 for hit in hits)
    assert [hit.rank for hit in hits] == [1, 2, 3]


def test_field_sorted_pages(index: SearchIndex) -> None:
    """GIVEN three documents WHEN reading page 2 of size 2 by created THEN the last one comes, total stays 3."""
    second = page(index, "rent", sort=Sort("created"), size=2, number=2)
    assert (second.total, second.ids, second.hits[0].rank) == (3, [3], 3)


def test_page_past_the_end_is_empty(index: SearchIndex) -> None:
    """GIVEN three documents WHEN asking page 5 THEN no hits come but the total is still 3."""
    result = page(index, "rent", size=2, number=5)
    assert (result.total, result.ids) == (3, [])


def test_unsupported_sort(index: SearchIndex) -> None:
    """GIVEN an ordering the index does not hold WHEN searching THEN UnsupportedSort tells the caller to use the DB."""
    with pytest.raises(UnsupportedSort):
        page(index, "rent", sort=Sort("custom_field_3"))


@pytest.mark.parametrize(("number", "size"), [(0, 25), (1, 0), (1, 100_001)])
def test_invalid_page(index: SearchIndex, number: int, size: int) -> None:
    """GIVEN the index WHEN the page or page size is out of range THEN InvalidSearchRequest is raised."""
    with pytest.raises(InvalidSearchRequest):
        page(index, "rent", number=number, size=size)
