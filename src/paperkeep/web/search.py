"""Full-text search for the web pages, through the search index (`paperkeep.documents.search`).

`find` runs the query language (or the plain-words and title modes), `more_like` finds similar documents,
`autocomplete` completes a word; each returns only what the user may view among the documents given.
Highlights come from the index as escaped text with `<b>` marks; `marked` rebuilds them as safe HTML.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from paperkeep.documents import search as index
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document
from paperkeep.search import QuerySyntaxError, SearchError

logger = logging.getLogger(__name__)

MODES = {"query": "query", "text": "text", "title_search": "title"}
_MARK = re.compile(r"(</?b>)")


@dataclass(frozen=True)
class Found:
    """The hits' ids best first (all among the documents searched), a way to get a page's highlights, or what
    went wrong."""

    ranked: list[int] = field(default_factory=list)
    highlighter: Callable[[Sequence[int], int], dict[int, Any]] | None = field(default=None, compare=False)
    error: str | None = None

    def highlights(self, ids: Sequence[int], offset: int = 0) -> dict[int, SafeString]:
        """Return {id: highlighted snippet} for a page of hits (one index query)."""
        if self.highlighter is None or not ids:
            return {}
        hits = self.highlighter(ids, offset)
        return {doc_id: marked(hit.highlights) for doc_id, hit in hits.items() if hit.highlights}


def marked(snippet: str) -> SafeString:
    """Return a snippet as HTML: its text escaped once more from scratch, its `<b>` marks as `<mark>`."""
    parts = []
    for piece in _MARK.split(snippet):
        if piece == "<b>":
            parts.append("<mark>")
        elif piece == "</b>":
            parts.append("</mark>")
        else:
            parts.append(str(escape(html.unescape(piece))))
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above


def _failed(exc: Exception) -> Found:
    if isinstance(exc, QuerySyntaxError):
        return Found(error=f"The search could not be read: {exc}")
    logger.exception("Search failed")
    return Found(error="The search failed; the server log has the details.")


def find(user: Any, query: str, documents: QuerySet[Document], *, kind: str = "query") -> Found:
    """Return the documents among `documents` (already permission-checked and filtered) matching the query."""
    try:
        found = index.search_documents(user, query, documents, mode=MODES.get(kind, "query"))
    except (SearchError, ValueError) as exc:
        return _failed(exc)
    return Found(found.ids, found.hits)


def more_like(user: Any, document: Document, documents: QuerySet[Document]) -> Found:
    """Return the documents among `documents` most like `document`, best first."""
    try:
        found = index.similar_documents(user, document.pk, documents)
    except NotFound:
        return Found(error="The document to compare with does not exist.")
    except (SearchError, ValueError) as exc:
        return _failed(exc)
    return Found(found.ids)


def autocomplete(user: Any, term: str, limit: int = 10) -> list[str]:
    """Return up to `limit` words from the user's visible documents completing the last word of `term`."""
    if len(term.strip()) < 2:
        return []
    try:
        return index.autocomplete(user, term, limit)
    except (SearchError, ValueError):
        logger.exception("Autocomplete failed")
        return []
