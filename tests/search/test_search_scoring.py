"""The scores a restricted viewer receives: tantivy's idf cancelled to the last bit, N counted as tantivy does."""

from __future__ import annotations

import json
from random import Random

import tantivy

from paperkeep.search import DocRecord, Viewer, scoring
from tests.search.helpers import MakeIndex, page


def _explained_idf(searcher: tantivy.Searcher, query: tantivy.Query) -> float:
    address = searcher.search(query, 1).hits[0][1]
    explanation = json.loads(query.explain(searcher, address).to_json())
    return float(next(part["value"] for part in explanation["details"] if part["description"].startswith("idf")))


def test_idf_and_document_count_match_tantivys_own(make_index: MakeIndex) -> None:
    """GIVEN 1,500 documents with words of every frequency, 300 of them written twice (deleted copies remain)
    WHEN the idf of each word is computed THEN N counts the deleted copies as tantivy does, and every idf equals
    the one tantivy's score explanation shows, to the last bit of single precision."""
    rng = Random(1)
    records = [
        DocRecord(id=i, content=" ".join(f"w{k}" for k in range(60) if rng.random() < (k + 1) / 61))
        for i in range(1, 1501)
    ]
    index = make_index(*records)
    index.upsert(records[:300])
    index.reload()
    searcher = index.searcher()
    total = scoring.total_docs(searcher, index.schema)
    assert searcher.num_docs == 1500 and total in (1800, 1500)  # 1500 only if tantivy merged the copies away
    compared = 0
    for k in range(60):
        query = tantivy.Query.term_query(index.schema, "content", f"w{k}")
        if not searcher.search(query, 1).hits:
            continue
        mine = scoring.idf(searcher.doc_freq("content", f"w{k}"), total)
        assert scoring._f32(_explained_idf(searcher, query)) == mine, k
        compared += 1
    assert compared > 50


def test_a_restricted_score_is_the_tf_part_alone(make_index: MakeIndex) -> None:
    """GIVEN a word in every document but one, in one document alice owns
    WHEN alice and a superuser search it THEN alice's score is the superuser's divided by the idf (rounded)."""
    index = make_index(
        DocRecord(id=1, content="common rare", owner_id=1),
        *(DocRecord(id=i, content="common", owner_id=2) for i in range(2, 40)),
        DocRecord(id=40, content="other words"),
    )
    alice = page(index, "common", Viewer(user_id=1)).hits
    root = {hit.id: hit.score for hit in page(index, "common", Viewer.root(), size=100).hits}
    searcher = index.searcher()
    word_idf = scoring.idf(searcher.doc_freq("content", "common"), scoring.total_docs(searcher, index.schema))
    assert [hit.id for hit in alice] == [1]
    assert alice[0].score == float(f"{root[1] / word_idf:.5g}")
