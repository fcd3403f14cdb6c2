"""PAPERLESS_ADVANCED_FUZZY_SEARCH_THRESHOLD: words match within one edit (as a prefix), approximate matches
rank below exact ones, and in relevance orderings hits under the threshold share of the best score go."""

from __future__ import annotations

from pathlib import Path

from paperkeep.search import DocRecord, SearchIndex, Sort, Viewer, open_index
from tests.search.helpers import found, page

EXACT = DocRecord(id=1, title="Invoice", content="invoice for the garden work")
TYPO = DocRecord(id=2, title="Letter", content="the invoce is attached")
OTHER = DocRecord(id=3, title="Letter", content="nothing of the kind")


def fuzzy_index(path: Path, threshold: float | None, *records: DocRecord) -> SearchIndex:
    index = open_index(path, "english", "UTC", fuzzy_threshold=threshold)
    index.upsert(records or (EXACT, TYPO, OTHER))
    return index


def test_without_a_threshold_a_typo_finds_nothing(index_path: Path) -> None:
    """GIVEN no fuzzy threshold WHEN searching "invioce" (swapped letters) THEN nothing matches."""
    assert found(fuzzy_index(index_path, None), "invioce") == set()


def test_with_a_threshold_a_typo_finds_the_word(index_path: Path) -> None:
    """GIVEN a fuzzy threshold of 0 WHEN searching "invioce" THEN both documents with a word one edit away match."""
    assert found(fuzzy_index(index_path, 0.0), "invioce") == {1, 2}


def test_a_word_start_within_one_edit_matches_as_a_prefix(index_path: Path) -> None:
    """GIVEN a fuzzy threshold WHEN searching "gardn" THEN "garden" matches (prefix within one edit)."""
    assert found(fuzzy_index(index_path, 0.0), "gardn") == {1}


def test_exact_matches_rank_above_approximate_ones(index_path: Path) -> None:
    """GIVEN "invoice" in one document and "invoce" in another WHEN searching "invoice" with fuzzy matching
    THEN the exact document comes first and the approximate one after it."""
    assert page(fuzzy_index(index_path, 0.0), "invoice").ids == [1, 2]


def test_hits_under_the_threshold_share_of_the_best_score_are_dropped(index_path: Path) -> None:
    """GIVEN an exact and an approximate match of "invoice"
    WHEN the threshold is 0.5
    THEN only the exact match is returned and counted (the approximate one scores a tenth)."""
    result = page(fuzzy_index(index_path, 0.5), "invoice")
    assert (result.total, result.ids) == (1, [1])


def test_the_best_visible_hit_sets_the_scale(index_path: Path) -> None:
    """GIVEN an exact match owned by user 9 and an approximate match without owner
    WHEN user 5 searches "invoice" with threshold 0.5
    THEN the approximate match is their best hit and is kept: hidden documents do not change the cut."""
    hidden = DocRecord(id=1, title="Invoice", content="invoice", owner_id=9)
    index = fuzzy_index(index_path, 0.5, hidden, TYPO)
    result = page(index, "invoice", Viewer(user_id=5))
    assert (result.total, result.ids) == (1, [2])


def test_worst_first_ordering_keeps_the_same_hits_reversed(index_path: Path) -> None:
    """GIVEN three documents matching "invoice" at different strengths and a threshold of 0.01
    WHEN ordering by `score` (worst first) THEN the hits of the best-first order come reversed."""
    extra = DocRecord(id=4, title="Note", content="invoice invoice invoice mentioned")
    index = fuzzy_index(index_path, 0.01, EXACT, TYPO, extra)
    best_first = page(index, "invoice").ids
    assert page(index, "invoice", sort=Sort("score", descending=False)).ids == best_first[::-1]


def test_ordering_by_created_keeps_every_match(index_path: Path) -> None:
    """GIVEN an exact and an approximate match of "invoice" and a threshold of 0.5
    WHEN ordering by created date (an ordering Paperless-ngx leaves to the index)
    THEN no hit is cut: both are returned."""
    assert found(fuzzy_index(index_path, 0.5), "invoice", sort=Sort("created")) == {1, 2}


def test_ordering_by_title_applies_the_cut(index_path: Path) -> None:
    """GIVEN an exact and an approximate match of "invoice" and a threshold of 0.5
    WHEN ordering by title THEN only the exact match is returned."""
    assert found(fuzzy_index(index_path, 0.5), "invoice", sort=Sort("title")) == {1}


def test_all_ids_follow_the_same_cut(index_path: Path) -> None:
    """GIVEN an exact and an approximate match of "invoice" and a threshold of 0.5
    WHEN asking for every hit id (the list's `all`) THEN only the exact match is listed."""
    assert fuzzy_index(index_path, 0.5).ids("invoice", Viewer.root()) == [1]


def test_snippets_mark_only_exact_words(index_path: Path) -> None:
    """GIVEN a document with "invoce" WHEN it is found by fuzzy matching of "invoice"
    THEN its snippet marks nothing (only exact words are highlighted)."""
    hit = next(h for h in page(fuzzy_index(index_path, 0.0), "invoice").hits if h.id == 2)
    assert "<b>" not in hit.highlights


def test_phrases_stay_exact(index_path: Path) -> None:
    """GIVEN a fuzzy threshold WHEN searching the phrase "invoice is"
    THEN "invoce is" does not match: phrases stay exact."""
    assert found(fuzzy_index(index_path, 0.0), '"invoice is"') == set()


def test_every_kept_hit_is_counted_beyond_the_first_window(index_path: Path) -> None:
    """GIVEN 300 exact matches of "invoice" and one approximate one, and a threshold of 0
    WHEN searching "invoice" THEN all 301 are counted and listed (more than the first window of 256)."""
    records = [DocRecord(id=i, content="invoice") for i in range(1, 301)]
    index = fuzzy_index(index_path, 0.0, *records, DocRecord(id=301, content="invoce"))
    assert page(index, "invoice", size=25).total == 301
    assert set(index.ids("invoice", Viewer.root())) == set(range(1, 302))
