"""Ranking, scores and ranks: best first, title above content, ranks counted across pages."""

from __future__ import annotations

from paperkeep.search import DocRecord, Sort
from tests.search.helpers import MakeIndex, page

FILLER = " ".join(f"word{i}" for i in range(40))


def test_title_hit_ranks_above_content_hit(make_index: MakeIndex) -> None:
    """GIVEN 'invoice' in one title and in another's content WHEN searching it THEN the title hit comes first."""
    index = make_index(
        DocRecord(id=1, title="Letter", content=f"{FILLER} invoice {FILLER}"),
        DocRecord(id=2, title="Invoice", content=FILLER),
        DocRecord(id=3, title="Note", content=f"an invoice {FILLER}"),
    )
    assert page(index, "invoice").ids[0] == 2


def test_phrase_in_title_ranks_above_phrase_in_content(make_index: MakeIndex) -> None:
    """GIVEN "payment reminder" in one title and in another's content WHEN searching the phrase
    THEN the title hit comes first."""
    index = make_index(
        DocRecord(id=1, title="Letter", content=f"{FILLER} payment reminder {FILLER}"),
        DocRecord(id=2, title="Payment reminder", content=FILLER),
    )
    assert page(index, '"payment reminder"').ids == [2, 1]


def test_phrase_found_more_often_ranks_higher(make_index: MakeIndex) -> None:
    """GIVEN texts of equal length holding a phrase once, twice and three times
    WHEN searching the phrase THEN the one holding it most comes first, and scores descend."""
    texts = {n: " ".join(["due rent a"] * n + ["c rent due"] * (3 - n) + [FILLER]) for n in (1, 2, 3)}
    index = make_index(*(DocRecord(id=n, content=text) for n, text in texts.items()))
    hits = page(index, '"due rent"').hits
    assert [hit.id for hit in hits] == [3, 2, 1]
    assert hits[0].score > hits[1].score > hits[2].score > 0


def test_scores_descend(make_index: MakeIndex) -> None:
    """GIVEN documents mentioning a word more or less often WHEN searching THEN scores never increase."""
    index = make_index(*(DocRecord(id=i, content=" ".join(["rent"] * i + [FILLER])) for i in range(1, 8)))
    scores = [hit.score for hit in page(index, "rent").hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1] > 0


def test_ranks_are_one_based_and_continue_on_later_pages(make_index: MakeIndex) -> None:
    """GIVEN five matches WHEN asking page 2 of size 2 THEN ranks are 3 and 4 and total is 5."""
    index = make_index(*(DocRecord(id=i, content="rent " * i) for i in range(1, 6)))
    second = page(index, "rent", size=2, number=2)
    assert [hit.rank for hit in second.hits] == [3, 4]
    assert second.total == 5


def test_pages_do_not_overlap(make_index: MakeIndex) -> None:
    """GIVEN five matches WHEN reading three pages of two THEN every document appears exactly once."""
    index = make_index(*(DocRecord(id=i, content="rent " * i) for i in range(1, 6)))
    ids = [doc_id for number in (1, 2, 3) for doc_id in page(index, "rent", size=2, number=number).ids]
    assert sorted(ids) == [1, 2, 3, 4, 5]


def test_score_ascending_gives_worst_first(make_index: MakeIndex) -> None:
    """GIVEN matches of different strength WHEN ordering by score ascending THEN the order is reversed."""
    index = make_index(*(DocRecord(id=i, content=" ".join(["rent"] * i + [FILLER])) for i in range(1, 6)))
    best_first = page(index, "rent").ids
    assert page(index, "rent", sort=Sort("score", descending=False)).ids == best_first[::-1]


def test_score_ascending_pages(make_index: MakeIndex) -> None:
    """GIVEN five matches WHEN asking page 2 of size 2 by ascending score THEN it holds the 3rd and 4th worst."""
    index = make_index(*(DocRecord(id=i, content=" ".join(["rent"] * i + [FILLER])) for i in range(1, 6)))
    worst_first = page(index, "rent").ids[::-1]
    assert page(index, "rent", sort=Sort("score", descending=False), size=2, number=2).ids == worst_first[2:4]
