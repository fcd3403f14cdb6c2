"""Which documents a documents-page state selects: visible documents, filtered, then searched.

The list, "select all matching" in bulk edit, the zip download and dashboard saved views all call `select`,
so they can never disagree about what matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from paperkeep.documents import queries
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document
from paperkeep.web import filtervars, search
from paperkeep.web.listing import ListState


@dataclass(frozen=True)
class Selection:
    """The matching documents (unordered), search ranks and highlights if any, and a message if a filter or
    the search could not be used (then `documents` is empty)."""

    documents: QuerySet[Document]
    ranked: list[int] | None = None
    highlights: dict[int, str] = field(default_factory=dict)
    error: str | None = None


def select(user: Any, state: ListState) -> Selection:
    """Return what `state` selects among the documents the user may view."""
    visible = queries.visible_documents(user)
    pairs = state.pairs(user.pk)
    try:
        documents = filtervars.apply(visible, pairs)
    except filtervars.BadFilter as exc:
        return Selection(visible.none(), error=f"This filter cannot be used: {exc}")
    searches = [(name, value) for name, value in pairs if name in filtervars.SEARCH_NAMES]
    if not searches:
        return Selection(documents)
    name, value = searches[0]
    if name == "more_like_id":
        try:
            source = queries.access_document(user, value)
        except NotFound:
            return Selection(visible.none(), error="The document to compare with does not exist.")
        found = search.more_like(user, source, documents)
        if found is None:
            return Selection(visible.none(), error="“More like this” needs the full-text index, which is not set up.")
    elif name == "title_search":
        return Selection(documents.filter(title__icontains=value))
    else:
        found = search.find(user, value, documents)
    if found.error:
        return Selection(visible.none(), error=found.error)
    return Selection(found.documents, found.ranked, found.highlights)
