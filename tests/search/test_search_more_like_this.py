"""More-like-this: documents sharing the source's distinctive words, never the source itself."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, DocumentNotFound, DocumentNotVisible, SearchIndex, Viewer

ALICE = Viewer(user_id=1)
DOCS = (
    DocRecord(id=1, title="Electricity bill March", content="electricity meter reading kilowatt tariff stadtwerke"),
    DocRecord(id=2, title="Electricity bill April", content="electricity meter reading kilowatt tariff"),
    DocRecord(id=3, title="Water bill", content="water meter reading"),
    DocRecord(id=4, title="Holiday", content="beach sunshine cocktail"),
    DocRecord(id=5, title="Private", content="electricity meter reading kilowatt tariff stadtwerke", owner_id=2),
)


@pytest.fixture
def index(make_index) -> SearchIndex:  # type: ignore[no-untyped-def]
    return make_index(*DOCS)


def test_similar_documents_best_first(index: SearchIndex) -> None:
    """GIVEN bills sharing words with bill 1 WHEN asking more like 1 THEN the closest comes first, the unrelated
    holiday not at all."""
    result = index.more_like_this(1, ALICE)
    assert result.ids == [2, 3]
    assert result.total == 2


def test_source_is_not_in_its_own_result(index: SearchIndex) -> None:
    """GIVEN a document WHEN asking more like it THEN it is not among the hits."""
    assert 1 not in index.more_like_this(1, Viewer.root()).ids


def test_hidden_similar_document_is_left_out(index: SearchIndex) -> None:
    """GIVEN a near-copy owned by someone else WHEN alice asks more like 1 THEN it is not there; for its owner it
    is first."""
    assert 5 not in index.more_like_this(1, ALICE).ids
    assert index.more_like_this(1, Viewer(user_id=2)).ids[0] == 5


def test_unknown_document_is_not_found(index: SearchIndex) -> None:
    """GIVEN no document 99 WHEN asking more like it THEN DocumentNotFound is raised."""
    with pytest.raises(DocumentNotFound):
        index.more_like_this(99, ALICE)


def test_hidden_source_is_not_visible(index: SearchIndex) -> None:
    """GIVEN a document alice may not see WHEN she asks more like it THEN DocumentNotVisible (a not-found) is
    raised."""
    with pytest.raises(DocumentNotVisible):
        index.more_like_this(5, ALICE)
    assert issubclass(DocumentNotVisible, DocumentNotFound)


def test_pages(index: SearchIndex) -> None:
    """GIVEN two similar documents WHEN asking page 2 of size 1 THEN the second one comes with rank 2."""
    second = index.more_like_this(1, ALICE, page=2, page_size=1)
    assert second.ids == [3]
    assert second.hits[0].rank == 2
