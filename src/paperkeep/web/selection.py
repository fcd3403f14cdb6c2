"""Which documents a documents-page state selects: visible documents, filtered, then searched.

The list, "select all matching" in bulk edit, the zip download and dashboard saved views all call `select`,
so they can never disagree about what matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from paperkeep.documents import queries
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document
from paperkeep.web import filtervars, search
from paperkeep.web.listing import ListState, ordered


@dataclass(frozen=True)
class Selection:
    """What a state selects: the filtered documents, and with a search its hits (ids best first, within them)
    and highlighter; or a message if a filter or the search could not be used (then nothing matches)."""

    documents: QuerySet[Document]
    search: search.Found | None = None
    error: str | None = None

    @property
    def ranked(self) -> list[int] | None:
        return self.search.ranked if self.search is not None else None

    def total(self) -> int:
        ranked = self.ranked
        return len(ranked) if ranked is not None else self.documents.count()

    def ids(self) -> list[int]:
        """Return every selected id (for bulk edits and downloads)."""
        ranked = self.ranked
        return list(ranked) if ranked is not None else list(self.documents.order_by().values_list("pk", flat=True))

    def page(self, sort: str, start: int, stop: int) -> tuple[QuerySet[Document], list[int] | None]:
        """Return (documents, order) for one page: a sliced, ordered queryset, or the page's ids in order.

        Search hits sorted by relevance come from the ranking; sorted by a column, the database orders the
        filtered documents and the hits are picked from that order, so no query holds a huge id list.
        """
        ranked = self.ranked
        if ranked is None:
            return ordered(self.documents, sort)[start:stop], None
        if sort == "score":
            ids = ranked[start:stop]
        else:
            hits, ids, seen = set(ranked), [], 0
            for pk in ordered(self.documents, sort).values_list("pk", flat=True).iterator(chunk_size=5000):
                if pk in hits:
                    if seen >= start:
                        ids.append(pk)
                    seen += 1
                    if seen >= stop:
                        break
        return Document.objects.filter(pk__in=ids), ids

    def highlights(self, ids: list[int], offset: int = 0) -> dict[int, Any]:
        return self.search.highlights(ids, offset) if self.search is not None else {}


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
    else:
        found = search.find(user, value, documents, kind=name)
    if found.error:
        return Selection(visible.none(), error=found.error)
    return Selection(documents, found)
