"""Searching for a user: the index's visible hits, kept only where they are in a queryset the caller built.

The index already applies who may view what, so a user's hits never include, count or highlight a hidden
document; the queryset narrows them further to the caller's own filters (the web UI's, the API's fallback).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document
from paperkeep.documents.queries import pk_among
from paperkeep.documents.search.handle import fresh_index, viewer_for
from paperkeep.search import DocumentNotFound, DocumentNotVisible, Filters, Hit, SearchRequest, Sort, Viewer

SIMILAR_LIMIT = 1_000  # more-like-this hits considered when the caller filters or orders in the database
MODES = ("query", "text", "title")
MAX_HIGHLIGHTED = 500  # snippets cost ~0.5 ms a hit: larger pages come without them


@dataclass(frozen=True)
class Found:
    """Every hit among the caller's documents, best first; `hits()` gives a page's scores and highlights."""

    ids: list[int]
    viewer: Viewer
    query: str = ""
    mode: str = "query"  # or "text", "title", "similar"
    scores: dict[int, float] = field(default_factory=dict)  # known already (more-like-this)

    def hits(self, page_ids: Sequence[int], offset: int = 0) -> dict[int, Hit]:
        """Return the score, highlights and rank (`offset` + position + 1) of some hit ids, in one index query."""
        wanted = list(page_ids)
        if not wanted:
            return {}
        highlight = len(wanted) <= MAX_HIGHLIGHTED
        if self.mode == "similar":
            return {
                doc_id: Hit(doc_id, self.scores.get(doc_id, 0.0), offset + position + 1)
                for position, doc_id in enumerate(wanted)
            }
        request = SearchRequest(
            viewer=self.viewer,
            query=self.query,
            mode=self.mode,
            filters=Filters(ids=tuple(wanted)),
            page_size=len(wanted),
            highlight=highlight,
            score_cut=False,  # the caller chose these hits already
        )
        found = {hit.id: hit for hit in fresh_index().search(request).hits}
        return {
            doc_id: Hit(doc_id, hit.score, offset + position + 1, hit.highlights, hit.note_highlights)
            for position, doc_id in enumerate(wanted)
            if (hit := found.get(doc_id)) is not None
        }


def restrict(ids: list[int], documents: QuerySet[Document]) -> list[int]:
    """Keep, in their order, the ids that are among `documents` (one query, however many ids)."""
    if not ids:
        return []
    allowed = set(documents.filter(pk_among(ids)).order_by().values_list("pk", flat=True))
    return [doc_id for doc_id in ids if doc_id in allowed]


def search_documents(
    user: Any,
    query: str,
    documents: QuerySet[Document],
    *,
    mode: str = "query",
    filters: Filters | None = None,
    sort: Sort | None = None,
) -> Found:
    """Return the documents among `documents` that match the query, best first.

    `mode` is "query" (the Paperless-ngx query language), "text" (every word inside the title or text) or
    "title" (every word inside the title). Raises `paperkeep.search.QuerySyntaxError` (with `.column`) for a
    malformed query. `sort` is the ordering the hits will be shown in (it decides whether the fuzzy threshold
    drops weak hits, as in Paperless-ngx).
    """
    viewer = viewer_for(user)
    ids = fresh_index().ids(query, viewer, filters, mode=mode, sort=sort)
    return Found(restrict(ids, documents), viewer, query, mode)


def similar_documents(
    user: Any, document_id: int, documents: QuerySet[Document], *, limit: int = SIMILAR_LIMIT
) -> Found:
    """Return up to `limit` documents among `documents` most like the given one (NotFound if it is hidden)."""
    viewer = viewer_for(user)
    try:
        page = fresh_index().more_like_this(document_id, viewer, page=1, page_size=limit)
    except DocumentNotVisible:
        raise NotFound() from None
    except DocumentNotFound:  # visible but not indexed (yet): nothing is similar
        return Found([], viewer, mode="similar")
    scores = {hit.id: hit.score for hit in page.hits}
    return Found(restrict(page.ids, documents), viewer, mode="similar", scores=scores)


def autocomplete(user: Any, term: str, limit: int = 10) -> list[str]:
    """Return up to `limit` words from the user's visible documents completing the last word of `term`."""
    return fresh_index().autocomplete(term, viewer_for(user), limit)
