"""Compare the index with the database and repair the difference (at worker start, and for the sanity check).

Drift is found by id (documents missing from the index, or in it but no longer live) and by the `modified`
time each indexed document carries; ids noted by writers that never finished are added. Changes that do not
touch `modified` (grants, a renamed tag) and were lost in a crash are healed by `document_index reindex`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import tantivy

from paperkeep.documents.models import Document
from paperkeep.documents.search import journal
from paperkeep.documents.search.handle import fresh_index, index_exists
from paperkeep.documents.search.syncing import rebuild, sync
from paperkeep.search import SearchIndex
from paperkeep.search import schema as fields
from paperkeep.search.documents import sort_key, time_primary, to_utc

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Drift:
    """How the index differs from the database."""

    missing: frozenset[int] = frozenset()  # live documents the index lacks
    extra: frozenset[int] = frozenset()  # indexed documents that are deleted, trashed or versions
    stale: frozenset[int] = frozenset()  # indexed with another `modified` than the database has
    pending: frozenset[int] = frozenset()  # noted by a writer that did not finish
    needs_rebuild: bool = False  # new, or recreated after a schema or language change

    @property
    def ids(self) -> frozenset[int]:
        return self.missing | self.extra | self.stale | self.pending

    @property
    def in_sync(self) -> bool:
        return not self.needs_rebuild and not self.ids


def _indexed_keys(index: SearchIndex) -> dict[int, int]:
    """Return every indexed id with its `modified` sort key (one pass over the fast fields)."""
    searcher = index.searcher()
    total = searcher.num_docs
    if total == 0:
        return {}
    result = searcher.search(
        tantivy.Query.all_query(), total, count=False, order_by_field=fields.ID, order=tantivy.Order.Asc
    )
    ids = [int(value) for value, _ in result.hits]
    keys = searcher.fast_field_values(fields.MODIFIED_KEY, [address for _, address in result.hits])
    return {doc_id: int(key or 0) for doc_id, key in zip(ids, keys, strict=True)}


def _expected_key(doc_id: int, modified: datetime | None, index: SearchIndex) -> int:
    primary = time_primary(to_utc(modified, index.tz)) if modified else 0
    return sort_key(primary, doc_id)


def drift() -> Drift:
    """Return how the index differs from the database (nothing is changed)."""
    index = fresh_index()
    if index.needs_rebuild:
        return Drift(needs_rebuild=True)
    indexed = _indexed_keys(index)
    live = dict(Document.objects.filter(root_document__isnull=True).values_list("pk", "modified"))
    stale = {
        doc_id
        for doc_id, modified in live.items()
        if doc_id in indexed and indexed[doc_id] != _expected_key(doc_id, modified, index)
    }
    return Drift(
        missing=frozenset(live.keys() - indexed.keys()),
        extra=frozenset(indexed.keys() - live.keys()),
        stale=frozenset(stale),
        pending=journal.pending(index.path).ids,
    )


def reconcile_found(found: Drift) -> str:
    """Repair the drift found: rebuild a new index, else sync every drifted id; return what was done."""
    if found.needs_rebuild:
        done = f"built the search index ({rebuild()} documents)"
    elif found.ids:
        sync(found.ids)
        done = (
            f"re-indexed {len(found.ids)} document(s): {len(found.missing)} missing, {len(found.extra)} no longer "
            f"live, {len(found.stale)} out of date, {len(found.pending)} unfinished"
        )
    else:
        return "the search index is in sync"
    logger.info("Search index: %s", done)
    return done


def reconcile() -> Drift:
    """Repair the index after a crash or a schema change (worker start); return the drift that was found."""
    found = drift()
    reconcile_found(found)
    return found


class _Report(Protocol):
    cleaned: list[str]

    def add(self, level: str, message: str, document_id: int | None = None) -> None: ...


MAX_LISTED = 50  # per-document drift lines before a summary line


def check_index(report: _Report, clean: bool) -> None:
    """For the sanity checker: repair index drift (reported as cleaned), or with `clean=False` report it."""
    if not index_exists():
        if not Document.objects.filter(root_document__isnull=True).exists():
            return
        if clean:
            report.cleaned.append(f"built the search index ({rebuild()} documents)")
        else:
            report.add("warning", "The search index has not been built; run `document_index reindex`.")
        return
    found = drift()
    if found.in_sync:
        return
    if clean:
        repaired = reconcile_found(found)
        report.cleaned.append(repaired)
        return
    if found.needs_rebuild:
        report.add("warning", "The search index needs a rebuild; run `document_index reindex`.")
        return
    lines = [(doc_id, "is not in the search index") for doc_id in sorted(found.missing)]
    lines += [
        (doc_id, "is in the search index but not live (deleted, trashed, a version)") for doc_id in sorted(found.extra)
    ]
    lines += [(doc_id, "is out of date in the search index") for doc_id in sorted(found.stale)]
    lines += [(doc_id, "has an unfinished search index update") for doc_id in sorted(found.pending)]
    for doc_id, problem in lines[:MAX_LISTED]:
        report.add("warning", f"Document #{doc_id} {problem}.", doc_id)
    if len(lines) > MAX_LISTED:
        report.add("warning", f"... and {len(lines) - MAX_LISTED} more search index differences.")
