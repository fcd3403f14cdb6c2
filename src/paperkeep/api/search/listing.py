"""`query=`, `text=`, `title_search=` and `more_like_id=` on the document list: ranked, filtered, paged.

When the index can apply every filter sent and the ordering (the usual case), it also counts and pages: a
page costs one index query and one database query for its 25 rows, however many documents match. Otherwise
every hit id comes from the index and the filtered queryset keeps (and, for database-only orderings, orders)
them. Either way each row gets `__search_hit__` {score, highlights, note_highlights, rank}.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, overload

from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.request import Request

from paperkeep.api.filters.ordering import order_documents
from paperkeep.api.pagination import MAX_PAGE_SIZE, StandardPagination
from paperkeep.api.search.list_filters import IndexPlan, plan
from paperkeep.documents import search as documents_search
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document
from paperkeep.documents.queries import pk_among
from paperkeep.search import (
    DocumentNotFound,
    DocumentNotVisible,
    Filters,
    Hit,
    InvalidSearchRequest,
    QuerySyntaxError,
    SearchError,
    SearchPage,
    SearchRequest,
    Viewer,
)

logger = logging.getLogger(__name__)

MODES = {"query": "query", "text": "text", "title_search": "title"}
GENERIC_ERROR = "Error listing search results, check logs for more detail."
MAX_HIGHLIGHTED_PAGE = 500  # snippets cost ~0.5 ms a row; a client taking 100,000 rows at once gets none


def search_hit(hit: Hit) -> dict[str, Any]:
    """Return Paperless-ngx's `__search_hit__` object for a hit."""
    return {"score": hit.score, "highlights": hit.highlights, "note_highlights": hit.note_highlights, "rank": hit.rank}


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn search errors into 400 answers: a malformed query points at the problem, nothing becomes a 500."""
    try:
        yield
    except QuerySyntaxError as exc:
        raise exceptions.ValidationError({"query": [str(exc)]}) from exc
    except InvalidSearchRequest as exc:
        raise exceptions.ValidationError({"detail": str(exc)}) from exc
    except DocumentNotVisible as exc:
        raise NotFound() from exc
    except (SearchError, ValueError) as exc:
        logger.exception("Search failed")
        raise exceptions.ValidationError({"detail": GENERIC_ERROR}) from exc


class Ranked(Sequence[int]):
    """The hit ids of one search for the paginator; slicing a page fills `hits` with its `__search_hit__`."""

    corrected_query: str | None = None

    def __init__(self) -> None:
        self.hits: dict[int, dict[str, Any]] = {}

    @overload
    def __getitem__(self, item: int) -> int: ...
    @overload
    def __getitem__(self, item: slice) -> list[int]: ...
    def __getitem__(self, item: int | slice) -> int | list[int]:
        if isinstance(item, int):
            return self[item : item + 1][0]
        start, stop, _ = item.indices(len(self))
        with user_errors():
            found = self.page(start, max(stop - start, 0))
        self.hits.update((hit.id, search_hit(hit)) for hit in found)
        return [hit.id for hit in found]

    def __len__(self) -> int:
        raise NotImplementedError

    def page(self, offset: int, limit: int) -> list[Hit]:
        raise NotImplementedError

    def all_ids(self) -> list[int]:
        """Every hit id in order (the v9 envelope's `all`)."""
        raise NotImplementedError

    @property
    def ids(self) -> Ranked:
        return self


class PagedByIndex(Ranked):
    """Hits the index counts, orders and pages by itself (every filter sent is applied inside it)."""

    def __init__(self, run: Callable[[int, int], SearchPage], every_id: Callable[[], list[int]], size: int) -> None:
        super().__init__()
        self.run = run
        self.every_id = every_id
        self.size = size
        self.pages: dict[tuple[int, int], SearchPage] = {}

    def _page(self, number: int, size: int) -> SearchPage:
        key = (number, size)
        if key not in self.pages:
            with user_errors():
                self.pages[key] = self.run(number, size)
        return self.pages[key]

    def __len__(self) -> int:
        return self._page(1, self.size).total if not self.pages else next(iter(self.pages.values())).total

    def prime(self, number: int) -> None:
        """Fetch the page the request asks for first, so counting and paging cost one index query."""
        self._page(max(number, 1), self.size)

    def page(self, offset: int, limit: int) -> list[Hit]:
        if limit <= 0:
            return []
        if offset % self.size == 0 and limit <= self.size:
            return list(self._page(offset // self.size + 1, self.size).hits[:limit])
        return list(self._page(1, offset + limit).hits[offset:])

    def all_ids(self) -> list[int]:
        with user_errors():
            return self.every_id()


class PagedByDatabase(Ranked):
    """Hit ids already kept (and maybe ordered) by the database; the page's scores come from the index."""

    def __init__(self, ordered: list[int], found: documents_search.Found) -> None:
        super().__init__()
        self.ordered = ordered
        self.found = found

    def __len__(self) -> int:
        return len(self.ordered)

    def page(self, offset: int, limit: int) -> list[Hit]:
        wanted = self.ordered[offset : offset + limit]
        hits = self.found.hits(wanted, offset)
        return [hits.get(doc_id) or Hit(doc_id, 0.0, offset + position + 1) for position, doc_id in enumerate(wanted)]

    def all_ids(self) -> list[int]:
        return list(self.ordered)


def _requested_page(request: Request) -> int:
    try:
        return int(request.query_params.get("page", 1))
    except ValueError:
        return 1


def _db_ordered(ids: list[int], documents: QuerySet[Document], ordering: str | None) -> list[int]:
    if not ids:
        return []
    return list(order_documents(documents.filter(pk_among(ids)), ordering).values_list("pk", flat=True))


def ranked_search(request: Request, kind: str, value: str, documents: Callable[[], QuerySet[Document]]) -> Ranked:
    """Run the list's search parameter `kind` over the (filtered, permission-checked) documents.

    `documents()` returns them; it is only called when the index cannot apply every filter itself. The caller
    checks beforehand that a `more_like_id` document is visible (404 otherwise). The result is what the
    paginator pages; after paging, `.hits[id]` is each row's `__search_hit__`.
    """
    user = request.user
    viewer = documents_search.viewer_for(user)
    index_plan = plan(request.query_params)
    size = StandardPagination().get_page_size(request) or StandardPagination.page_size
    if kind == "more_like_id":
        return _similar(request, int(value), documents, viewer, index_plan, size)
    mode = MODES[kind]
    index = documents_search.fresh_index()
    if index_plan.complete and index_plan.sort_in_index:

        def run(number: int, page_size: int) -> SearchPage:
            highlight = page_size <= MAX_HIGHLIGHTED_PAGE
            return index.search(
                SearchRequest(viewer, value, mode, index_plan.filters, index_plan.sort, number, page_size, highlight)
            )

        def every_id() -> list[int]:
            return index.ids(value, viewer, index_plan.filters, mode=mode, sort=index_plan.sort)

        paged = PagedByIndex(run, every_id, size)
        paged.prime(_requested_page(request))
        return paged
    if not index_plan.sort_in_index:  # the database keeps and orders the hits in one query
        with user_errors():
            ids = index.ids(value, viewer, index_plan.filters, mode=mode, sort=index_plan.sort)
        ordered = _db_ordered(ids, documents(), request.query_params.get("ordering"))
        return PagedByDatabase(ordered, documents_search.Found(ordered, viewer, value, mode))
    with user_errors():
        found = documents_search.search_documents(
            user, value, documents(), mode=mode, filters=index_plan.filters, sort=index_plan.sort
        )
    ordered = found.ids
    if index_plan.sort is not None:
        ordered = _index_ordered(found, index_plan, value, mode, viewer)
    return PagedByDatabase(ordered, found)


def _index_ordered(
    found: documents_search.Found, index_plan: IndexPlan, value: str, mode: str, viewer: Viewer
) -> list[int]:
    """Order hits the database kept by an index ordering (one more index query over just those ids)."""
    if not found.ids:
        return []
    size = min(len(found.ids), MAX_PAGE_SIZE)
    request = SearchRequest(viewer, value, mode, Filters(ids=tuple(found.ids)), index_plan.sort, 1, size, False)
    with user_errors():
        return documents_search.fresh_index().search(request).ids


def _similar(
    request: Request,
    doc_id: int,
    documents: Callable[[], QuerySet[Document]],
    viewer: Viewer,
    index_plan: IndexPlan,
    size: int,
) -> Ranked:
    index = documents_search.fresh_index()
    by_score = index_plan.sort is None or (index_plan.sort.field == "score" and index_plan.sort.descending)
    if index_plan.complete and by_score:

        def run(number: int, page_size: int) -> SearchPage:
            try:
                return index.more_like_this(doc_id, viewer, number, page_size, index_plan.filters)
            except DocumentNotFound as exc:
                if isinstance(exc, DocumentNotVisible):
                    raise
                return SearchPage(0, (), number, page_size)  # visible but not indexed yet: nothing is similar

        def every_id() -> list[int]:
            return run(1, documents_search.finding.SIMILAR_LIMIT).ids

        paged = PagedByIndex(run, every_id, size)
        paged.prime(_requested_page(request))
        return paged
    with user_errors():
        found = documents_search.similar_documents(request.user, doc_id, documents())
    ordered = found.ids  # best first
    if index_plan.sort is not None and index_plan.sort.field == "score":
        ordered = ordered if index_plan.sort.descending else ordered[::-1]
    elif index_plan.sort is not None or not index_plan.sort_in_index:
        ordered = _db_ordered(found.ids, documents(), request.query_params.get("ordering"))
    return PagedByDatabase(ordered, found)
