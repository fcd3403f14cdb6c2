"""Permissions inside the index: owner, user grant, group grant, unowned, superuser, and a hidden document
contributing to nothing a restricted viewer receives."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.search import DocRecord, DocumentNotVisible, SearchIndex, SearchPage, Viewer, open_index
from tests.search.helpers import MakeIndex, found, page

ALICE = Viewer(user_id=1, group_ids=(10,))
BOB = Viewer(user_id=2)
CAROL = Viewer(user_id=3)

DOCS = (
    DocRecord(id=1, title="Alice own", content="common budget alpha", owner_id=1),
    DocRecord(id=2, title="Bob own", content="common budget bravo", owner_id=2),
    DocRecord(id=3, title="Bob shares with alice", content="common charlie", owner_id=2, viewer_user_ids=(1,)),
    DocRecord(id=4, title="Carol shares with group", content="common delta", owner_id=3, viewer_group_ids=(10,)),
    DocRecord(id=5, title="Nobody owns", content="common echo", viewer_user_ids=(2,)),
    DocRecord(id=6, title="Carol private", content="common foxtrot", owner_id=3),
)


@pytest.fixture
def index(make_index: MakeIndex) -> SearchIndex:
    return make_index(*DOCS)


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (ALICE, {1, 3, 4, 5}),
        (BOB, {2, 3, 5}),
        (CAROL, {4, 5, 6}),
        (Viewer(user_id=7, group_ids=(10,)), {4, 5}),
        (Viewer.anonymous(), {5}),
        (Viewer.root(), {1, 2, 3, 4, 5, 6}),
    ],
)
def test_visible_documents(index: SearchIndex, viewer: Viewer, expected: set[int]) -> None:
    """GIVEN owned, shared, group-shared and unowned documents WHEN each viewer searches THEN they see what
    Paperless-ngx lets them see."""
    assert found(index, "common", viewer) == expected


def test_total_counts_only_visible(index: SearchIndex) -> None:
    """GIVEN six matches WHEN alice searches THEN the total is her four."""
    assert page(index, "common", ALICE).total == 4


def test_ids_only_visible(index: SearchIndex) -> None:
    """GIVEN six matches WHEN asking all ids for bob THEN only his three come back."""
    assert set(index.ids("common", BOB)) == {2, 3, 5}


def test_word_only_in_a_hidden_document_finds_nothing(index: SearchIndex) -> None:
    """GIVEN 'foxtrot' only in carol's private document WHEN alice searches it THEN total is 0."""
    result = page(index, "foxtrot", ALICE)
    assert (result.total, result.ids) == (0, [])


def test_group_membership_is_what_counts(index: SearchIndex) -> None:
    """GIVEN a document shared with group 10 WHEN alice leaves the group THEN she no longer sees it."""
    assert found(index, "delta", Viewer(user_id=1)) == set()


def test_revoking_a_grant_hides_at_once(index: SearchIndex) -> None:
    """GIVEN bob's document shared with alice WHEN the grant is removed (upsert) THEN alice no longer finds it."""
    index.upsert([DocRecord(id=3, title="Bob shares with alice", content="common charlie", owner_id=2)])
    assert found(index, "charlie", ALICE) == set()


def test_more_like_this_of_hidden_document_is_refused(index: SearchIndex) -> None:
    """GIVEN carol's private document WHEN alice asks more like it THEN DocumentNotVisible is raised."""
    with pytest.raises(DocumentNotVisible):
        index.more_like_this(6, ALICE)


# -- a hidden document contributes to nothing ------------------------------------------------------------------

VISIBLE = (
    DocRecord(id=1, title="Budget plan", content="budget planning for the quarterly report", owner_id=1),
    DocRecord(id=2, title="Report", content="the quarterly report and budget", notes=("budget ok",)),
    DocRecord(id=3, title="Quarterly", content="quarterly numbers budget budget", owner_id=2, viewer_user_ids=(1,)),
)
HIDDEN = (
    DocRecord(id=10, title="Budget secret", content="budget budget quarterly secretive bonus", owner_id=2),
    DocRecord(id=11, title="Quarterly bonus", content="quarterly report bonus budget", owner_id=3, notes=("budget",)),
)
QUERIES = ("budget", "quarterly report", '"quarterly report"', "budg*", "title:budget", "note:budget", "bonus", "*")


def _shape(result: SearchPage) -> tuple[int, set[int], dict[int, tuple[str, str | None]]]:
    return result.total, set(result.ids), {hit.id: (hit.highlights, hit.note_highlights) for hit in result.hits}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[SearchIndex, SearchIndex]:
    with_hidden = open_index(tmp_path / "with")
    with_hidden.upsert(VISIBLE + HIDDEN)
    without_hidden = open_index(tmp_path / "without")
    without_hidden.upsert(VISIBLE)
    return with_hidden, without_hidden


@pytest.mark.parametrize("query", QUERIES)
def test_hidden_documents_change_no_hit_total_or_highlight(pair: tuple[SearchIndex, SearchIndex], query: str) -> None:
    """GIVEN the same visible documents with and without two hidden ones WHEN alice searches THEN she gets the same
    hits, total and highlights."""
    with_hidden, without_hidden = pair
    assert _shape(page(with_hidden, query, ALICE)) == _shape(page(without_hidden, query, ALICE))


def test_hidden_documents_change_no_autocomplete(pair: tuple[SearchIndex, SearchIndex]) -> None:
    """GIVEN the pair WHEN alice completes 'b' and 'q' THEN the words and their order are the same."""
    with_hidden, without_hidden = pair
    for term in ("b", "q", "bo", "secr"):
        assert with_hidden.autocomplete(term, ALICE) == without_hidden.autocomplete(term, ALICE)


def test_hidden_documents_change_no_more_like_this(pair: tuple[SearchIndex, SearchIndex]) -> None:
    """GIVEN the pair WHEN alice asks more like each visible document THEN hits, order and scores are the same."""
    with_hidden, without_hidden = pair
    for doc_id in (1, 2, 3):
        a, b = with_hidden.more_like_this(doc_id, ALICE), without_hidden.more_like_this(doc_id, ALICE)
        assert (a.total, [(h.id, round(h.score, 6)) for h in a.hits]) == (
            b.total,
            [(h.id, round(h.score, 6)) for h in b.hits],
        )


# Hidden documents as long as the visible ones, field by field (so every field's average length is the same with
# and without them), full of the query words: only the index-wide word statistics differ.
SAME_LENGTHS = (
    DocRecord(id=20, title="Budget budget", content="budget budget budget budget budget budget", owner_id=2),
    DocRecord(
        id=21, title="Report", content="report report report report report", owner_id=3, notes=("budget budget",)
    ),
    DocRecord(id=22, title="Quarterly", content="quarterly quarterly quarterly quarterly", owner_id=3),
)
SCORED_QUERIES = ("budget", "quarterly report", '"quarterly report"', "budget OR report", "title:budget", "note:budget")


def _ranked(result: SearchPage) -> list[tuple[int, float]]:
    return [(hit.id, hit.score) for hit in result.hits]


@pytest.mark.parametrize("query", SCORED_QUERIES)
def test_hidden_documents_change_no_order_or_score(tmp_path: Path, query: str) -> None:
    """GIVEN the visible documents with and without hidden ones holding the query words (fields as long on average),
    the former also holding deleted copies of the visible ones
    WHEN alice searches THEN she receives the same hits in the same order with the same scores, while a
    superuser's scores differ (the hidden documents change the word statistics: the test has teeth)."""
    with_hidden, without_hidden = open_index(tmp_path / "with"), open_index(tmp_path / "without")
    with_hidden.upsert(VISIBLE + SAME_LENGTHS)
    with_hidden.upsert(VISIBLE)  # written again: the first copies stay in the index as deleted documents
    without_hidden.upsert(VISIBLE)
    assert _ranked(page(with_hidden, query, ALICE)) == _ranked(page(without_hidden, query, ALICE))
    root = Viewer.root()
    superuser_scores = {hit.id: hit.score for hit in page(with_hidden, query, root).hits}
    unchanged = {hit.id: hit.score for hit in page(without_hidden, query, root).hits}
    assert any(abs(superuser_scores[doc_id] - score) > 1e-3 for doc_id, score in unchanged.items())


def test_superuser_sees_hidden_documents_in_the_pair(pair: tuple[SearchIndex, SearchIndex]) -> None:
    """GIVEN the pair WHEN a superuser searches 'bonus' THEN the hidden documents are found (the test has teeth)."""
    with_hidden, _ = pair
    assert found(with_hidden, "bonus") == {10, 11}
    assert "bonus" in with_hidden.autocomplete("bo", Viewer.root())
