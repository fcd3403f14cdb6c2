"""Wildcards: `*` for any run of characters, `?` for one."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, SearchIndex, open_index
from tests.search.helpers import found

DOCS = (
    DocRecord(id=1, title="Invoices 2024", content="several invoices"),
    DocRecord(id=2, title="Invitation", content="party invitation"),
    DocRecord(id=3, title="Bank letter", content="the bank wrote", tags=("banking",)),
    DocRecord(id=4, title="Bonk", content="a bonk sound", mime_type="image/png"),
    DocRecord(id=5, title="Product", content="producername field", mime_type="application/pdf"),
    DocRecord(id=6, title="Cafeteria menu", content="Café au lait"),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = open_index(tmp_path_factory.mktemp("wildcards") / "index")
    index.upsert(DOCS)
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("inv*", {1, 2}),
        ("invoice*", {1}),
        ("b?nk", {3, 4}),
        ("*voices", {1}),
        ("produ*name", {5}),
        ("CAFÉ*", {6}),
        ("title:inv*", {1, 2}),
        ("title:invoice*", {1}),
        ("content:invoice*", {1}),
        ("tag:bank*", {3}),
        ("mime_type:image/*", {4}),
        ("mime_type:*pdf", {5}),
        ("b?nk -bonk", {3}),
    ],
)
def test_wildcard_patterns(index: SearchIndex, query: str, expected: set[int]) -> None:
    """GIVEN documents with similar words WHEN searching a pattern THEN every word it fits matches."""
    assert found(index, query) == expected


def test_lone_star_matches_everything(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the query is '*' THEN every document matches."""
    assert found(index, "*") == {1, 2, 3, 4, 5, 6}


def test_escaped_star_is_not_a_wildcard(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the star is escaped THEN 'inv\\*' is the literal word and finds nothing."""
    assert found(index, "inv\\*") == set()
