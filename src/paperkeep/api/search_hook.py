"""Where full-text search plugs into the document list (`query=`, `text=`, `title_search=`, `more_like_id=`).

The API does not search by itself. The search work registers one backend, once per process:

    from paperkeep.api import search_hook
    search_hook.register(MyBackend())

`backend.search(user, kind, value, documents)` gets the already filtered, permission-checked queryset and
returns a `SearchPage`: the ids of every hit in rank order (intersected with `documents`) and, per id, the
`__search_hit__` object. The list view paginates those ids, adds `__search_hit__` to each document and
`corrected_query` to the envelope. A backend error for the user's query is raised as `SearchQueryError`
(400 `{"query": [message]}`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import QuerySet

from paperkeep.documents.models import Document

SEARCH_PARAMS = ("query", "text", "title_search", "more_like_id")


@dataclass(frozen=True)
class SearchPage:
    """Every hit's id, best first, and each hit's `__search_hit__` (score, highlights, note_highlights, rank)."""

    ids: Sequence[int]
    hits: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    corrected_query: str | None = None


class SearchQueryError(Exception):
    """The user's query cannot be run (syntax, bad date): answered 400 `{"query": [message]}`."""


class SearchBackend(Protocol):
    def search(self, user: Any, kind: str, value: str, documents: QuerySet[Document]) -> SearchPage:
        """Return the hits among `documents` for a search of `kind` (one of SEARCH_PARAMS)."""
        ...


_backend: SearchBackend | None = None


def register(backend: SearchBackend | None) -> None:
    """Install (or, with None, remove) the search backend."""
    global _backend
    _backend = backend


def backend() -> SearchBackend | None:
    return _backend


class RankedIds(list[int]):
    """The hit ids as a list the paginator can slice; `all_ids()` feeds the v9 `all` key."""

    def all_ids(self) -> list[int]:
        return list(self)
