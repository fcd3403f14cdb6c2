"""The full-text index behind a small public API: plain records in, plain records out, no Django.

index = open_index(data_dir / "index", language="english", timezone="Europe/Berlin")
if index.needs_rebuild:
    index.rebuild(all_records())
index.upsert([record]); index.remove([doc_id])
page = index.search(SearchRequest(viewer=Viewer(user_id=3, group_ids=(1,)), query="invoice tag:bank"))
"""

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
from paperkeep.search.index import IndexBatch, SearchIndex, open_index
from paperkeep.search.querying import SORT_FIELDS
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
