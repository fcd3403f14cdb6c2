"""The full-text index behind a small public API: plain records in, plain records out, no Django.

index = open_index(data_dir / "index", language="english", timezone="Europe/Berlin")
if index.needs_rebuild:
    index.rebuild(all_records())
index.upsert([record]); index.remove([doc_id])
page = index.search(SearchRequest(viewer=Viewer(user_id=3, group_ids=(1,)), query="invoice tag:bank"))

Errors and records load with the package; the index and the query engine (tantivy) on first use (PEP 562), so a
process that only names a record or an error does not load tantivy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperkeep.lazy import lazy_names
from paperkeep.search.errors import (
    DocumentNotFound,
    DocumentNotVisible,
    IndexBusy,
    InvalidSearchRequest,
    QuerySyntaxError,
    SearchError,
    UnsupportedLanguage,
    UnsupportedSort,
)
from paperkeep.search.records import (
    DocRecord,
    Filters,
    Hit,
    IdFilter,
    IntRange,
    SearchPage,
    SearchRequest,
    Sort,
    TimeRange,
    Viewer,
)

if TYPE_CHECKING:
    from paperkeep.search.index import IndexBatch, SearchIndex, open_index
    from paperkeep.search.querying import SORT_FIELDS

_DEFERRED = {"IndexBatch": "index", "SearchIndex": "index", "open_index": "index", "SORT_FIELDS": "querying"}


__getattr__ = lazy_names(__name__, globals(), _DEFERRED)


__all__ = [
    "SORT_FIELDS",
    "DocRecord",
    "DocumentNotFound",
    "DocumentNotVisible",
    "Filters",
    "Hit",
    "IdFilter",
    "IndexBatch",
    "IndexBusy",
    "IntRange",
    "InvalidSearchRequest",
    "QuerySyntaxError",
    "SearchError",
    "SearchIndex",
    "SearchPage",
    "SearchRequest",
    "Sort",
    "TimeRange",
    "UnsupportedLanguage",
    "UnsupportedSort",
    "Viewer",
    "open_index",
]
