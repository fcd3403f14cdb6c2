"""Scores for a viewer who may not see every document: BM25 without the index-wide word statistics.

tantivy scores a word by BM25: idf(n, N) × tf-part, where n counts the documents holding the word and N every
document, hidden ones included. Reading the score of their own document, a restricted user could work out n: how
many documents in the whole library hold a word, the hidden ones included. For such a viewer each scored leaf is
boosted by 1 / idf, computed exactly as tantivy does (its N, its n, deleted documents counted like it counts them),
so what remains is the tf-part: the word's count in the document against the document's length. Ranking then
weighs every query word alike. A superuser sees everything, so their scores keep the idf.

What stays shared is the average field length in the tf-part, an aggregate over all documents; scores a
restricted viewer receives are rounded to `SIGNIFICANT_DIGITS`, which hides the last float bits of the boosts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import tantivy

from paperkeep.search import schema as f

SIGNIFICANT_DIGITS = 5
_N_LABEL = "N, total number of docs"

Neutralizer = Callable[[str, Sequence[str]], float]


def _details(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.get("details", ()):
            yield from _details(child)


def total_docs(searcher: tantivy.Searcher, schema: tantivy.Schema) -> int:
    """Return N as tantivy's BM25 counts it (every document of every segment, deleted ones too), read from the
    explanation of an id query's score (~10 µs); 0 for an empty index."""
    first = searcher.search(tantivy.Query.all_query(), 1).hits
    if not first:
        return 0
    address = first[0][1]
    doc_id = searcher.fast_field_values(f.ID, [address])[0]
    probe = tantivy.Query.term_query(schema, f.ID, int(doc_id or 0))
    for node in _details(json.loads(probe.explain(searcher, address).to_json())):
        if node.get("description") == _N_LABEL:
            return int(node.get("value", 0))
    raise RuntimeError("tantivy's score explanation no longer shows N")  # a tantivy upgrade changed it


def idf(n: int, total: int) -> float:
    """Return tantivy's BM25 idf of a word held by n of total documents."""
    return math.log(1.0 + (total - n + 0.5) / (n + 0.5))


def neutralizer(searcher: tantivy.Searcher, total: int) -> Neutralizer:
    """Return a function giving the boost that cancels the idf of a scored leaf (a word, or a phrase's words)."""

    def boost(field: str, words: Sequence[str]) -> float:
        weight = sum(idf(searcher.doc_freq(field, word), total) for word in words)
        return 1.0 / weight if weight > 0 else 1.0

    return boost


def rounded(scores: Iterable[float]) -> list[float]:
    """Return scores with SIGNIFICANT_DIGITS significant digits."""
    return [float(f"{score:.{SIGNIFICANT_DIGITS}g}") for score in scores]
