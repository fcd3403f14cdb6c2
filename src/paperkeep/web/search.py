"""Full-text search for the web pages, behind one function each: `find`, `autocomplete`, `more_like`.

FALLBACK: the search package's Django adapter (index maintenance and the API's `?query=`) is not wired yet,
so these run on the database: every word of the query must occur in the title, the content, or (with a
`field:` prefix) the named field. When the adapter lands, `find` becomes a call to it (one line), and
`more_like` starts answering. Nothing else in the web app knows how search works.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from paperkeep.documents.models import Document, Note

USES_INDEX = False  # True once `find` runs on the full-text index
_FIELDS = {
    "title": lambda v: Q(title__icontains=v),
    "content": lambda v: Q(content__icontains=v),
    "correspondent": lambda v: Q(correspondent__name__icontains=v),
    "type": lambda v: Q(document_type__name__icontains=v),
    "path": lambda v: Q(storage_path__name__icontains=v),
    "tag": lambda v: Q(Exists(Document.tags.through.objects.filter(document_id=OuterRef("pk"),
                                                                    tag__name__iexact=v))),
    "asn": lambda v: Q(archive_serial_number=int(v)) if v.isdigit() else Q(pk__in=[]),
    "notes": lambda v: Q(Exists(Note.objects.filter(document_id=OuterRef("pk"), note__icontains=v))),
}  # fmt: skip
_WORD = re.compile(r"\w{3,}", re.UNICODE)


@dataclass(frozen=True)
class Found:
    """The matching documents; `ranked` (ids, best first) when the search ranks, and per-id highlights."""

    documents: QuerySet[Document]
    ranked: list[int] | None = None
    highlights: dict[int, str] = field(default_factory=dict)
    error: str | None = None


def _terms(query: str) -> list[str]:
    try:
        return shlex.split(query)
    except ValueError:  # an unbalanced quote: take the words as they are
        return query.replace('"', " ").split()


def _term(term: str) -> Q:
    name, sep, value = term.partition(":")
    if sep and name.lower() in _FIELDS and value:
        return _FIELDS[name.lower()](value)
    if term.upper() in ("AND", "OR", "NOT"):
        return Q()
    return Q(title__icontains=term) | Q(content__icontains=term)


def find(user: Any, query: str, documents: QuerySet[Document]) -> Found:
    """Return the documents among `documents` (already permission-checked) that match the query."""
    condition = Q()
    for term in _terms(query):
        condition &= _term(term)
    return Found(documents.filter(condition))


def more_like(user: Any, document: Document, documents: QuerySet[Document]) -> Found | None:
    """Return documents similar to `document`, or None while no full-text index is available."""
    return None


def autocomplete(user: Any, term: str, documents: QuerySet[Document], limit: int = 10) -> list[str]:
    """Return up to `limit` words starting with `term` from the titles of documents the user can see."""
    prefix = term.strip().lower()
    if len(prefix) < 2:
        return []
    words: dict[str, int] = {}
    titles = documents.filter(title__icontains=prefix).order_by().values_list("title", flat=True)[:500]
    for title in titles:
        for word in _WORD.findall(title.lower()):
            if word.startswith(prefix):
                words[word] = words.get(word, 0) + 1
    return sorted(words, key=lambda w: (-words[w], w))[:limit]
