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

import ctypes
import ctypes.util
import json
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import tantivy

from paperkeep.search import schema as f

SIGNIFICANT_DIGITS = 5
_LIBM = ctypes.CDLL(ctypes.util.find_library("m"))
_LIBM.logf.restype = ctypes.c_float
_LIBM.logf.argtypes = [ctypes.c_float]
_N_LABEL = "N, total number of docs"

Neutralizer = Callable[[str, Sequence[str]], float]


def _details(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.get("details", ()):
            yield from _details(child)


def total_docs(searcher: tantivy.Searcher, schema: tantivy.Schema) -> int:
    """Return N as tantivy's BM25 counts it (every document of every segment, deleted ones too), read from the
    explanation of an id query's score on the first document of the first segment; 0 for an empty index."""
    if searcher.num_segments == 0:
        return 0
    address = tantivy.DocAddress(0, 0)
    doc_id = searcher.fast_field_values(f.ID, [address])[0]
    probe = tantivy.Query.term_query(schema, f.ID, int(doc_id or 0))
    for node in _details(json.loads(probe.explain(searcher, address).to_json())):
        if node.get("description") == _N_LABEL:
            return int(node.get("value", 0))
    raise RuntimeError("tantivy's score explanation no longer shows N")  # a tantivy upgrade changed it


def _f32(value: float) -> float:
    """Round to the nearest single-precision float (tantivy's Score), as one f32 operation would."""
    return float(struct.unpack("f", struct.pack("f", value))[0])


def _logf(value: float) -> float:
    """The C library's single-precision logarithm: what Rust's f32::ln calls on Linux."""
    return float(_LIBM.logf(value))


def idf(n: int, total: int) -> float:
    """Return tantivy's BM25 idf of a word held by n of total documents, computed step by step in single
    precision as tantivy does, so that 1 / idf cancels it to the last bit (for a word held by nearly every
    document, double precision would be off by a percent)."""
    x = _f32(_f32(_f32(float(total - n)) + 0.5) / _f32(_f32(float(n)) + 0.5))
    return _logf(_f32(1.0 + x))


def neutralizer(searcher: tantivy.Searcher, total: int) -> Neutralizer:
    """Return a function giving the boost that cancels the idf of a scored leaf (a word, or a phrase's words)."""

    def boost(field: str, words: Sequence[str]) -> float:
        weight = 0.0
        for word in words:  # a phrase's idf is the single-precision sum of its words'
            weight = _f32(weight + idf(searcher.doc_freq(field, word), total))
        return 1.0 / weight if weight > 0 else 1.0

    return boost


def rounded(scores: Iterable[float]) -> list[float]:
    """Return scores with SIGNIFICANT_DIGITS significant digits."""
    return [float(f"{score:.{SIGNIFICANT_DIGITS}g}") for score in scores]
