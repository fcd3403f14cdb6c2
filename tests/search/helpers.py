"""Small helpers for the search tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from paperkeep.search import Filters, SearchIndex, SearchPage, SearchRequest, Sort, Viewer

# A Wednesday, so "this week" started on Monday 2024-05-13.
NOW = datetime(2024, 5, 15, 12, 0, tzinfo=UTC)

ROOT = Viewer.root()
MakeIndex = Callable[..., SearchIndex]


def page(
    index: SearchIndex,
    query: str = "",
    viewer: Viewer = ROOT,
    *,
    filters: Filters | None = None,
    sort: Sort | None = None,
    number: int = 1,
    size: int = 25,
    mode: str = "query",
    **options: object,
) -> SearchPage:
    """Run a search at the fixed test clock."""
    request = SearchRequest(
        viewer=viewer,
        query=query,
        mode=mode,
        filters=filters or Filters(),
        sort=sort,
        page=number,
        page_size=size,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )
    return index.search(request)


def found(index: SearchIndex, query: str = "", viewer: Viewer = ROOT, **kwargs: object) -> set[int]:
    """Return the ids a search finds (all of them, in one big page)."""
    return set(page(index, query, viewer, size=1000, **kwargs).ids)  # type: ignore[arg-type]
