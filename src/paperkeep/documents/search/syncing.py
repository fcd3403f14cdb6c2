"""Keep the index in step with the database: sync ids after each commit, rebuild the whole library.

A sync is idempotent: for each id it reads the document's current state and upserts it when it is a live
root document, or removes it otherwise (deleted, trashed, a version). The database is read while the
index's writer lock is held, so two processes syncing the same document always leave the later state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from paperkeep.documents.search import journal
from paperkeep.documents.search.handle import get_index
from paperkeep.documents.search.records import CHUNK, all_records, indexable_ids, records_for
from paperkeep.search import IndexBatch, IndexBusy
from paperkeep.search.index import WRITER_HEAP_BYTES

logger = logging.getLogger(__name__)


def _apply(batch: IndexBatch, ids: set[int]) -> tuple[int, int]:
    ordered = sorted(ids)
    done = set(ids)
    upserted = removed = 0
    while ordered:
        loaded = records_for(ordered[:CHUNK])
        ordered = ordered[CHUNK:] + sorted(loaded.roots - done)  # a changed version changes its root's text
        done |= loaded.roots
        for record in loaded.records:
            batch.upsert(record)
        for doc_id in sorted(loaded.absent):
            batch.remove(doc_id)
        upserted += len(loaded.records)
        removed += len(loaded.absent)
    return upserted, removed


def sync(ids: Iterable[int]) -> bool:
    """Make the index agree with the database about these documents (and any left pending); False if busy."""
    wanted = {int(i) for i in ids}
    index = get_index()
    mine = journal.note(index.path, wanted) if wanted else None
    try:
        with index.writer() as batch:
            left = journal.pending(index.path, exclude=mine)
            if not wanted and not left.ids:
                return True
            upserted, removed = _apply(batch, wanted | left.ids)
    except IndexBusy:
        logger.warning("The search index is busy; %d document(s) will be indexed by the next write", len(wanted))
        return False
    journal.clear([mine, *left.files])
    logger.debug("Search index: %d document(s) updated, %d removed", upserted, removed)
    return True


def rebuild(progress: Callable[[int, int], None] | None = None, heap_bytes: int | None = None) -> int:
    """Replace the whole index with the database's live documents; return how many were indexed.

    `progress(done, total)` is called after each document.
    """
    index = get_index()
    ids = indexable_ids()
    before = journal.pending(index.path)
    total = len(ids)
    report = (lambda done: progress(done, total)) if progress else None
    if heap_bytes:
        count = index.rebuild(all_records(ids), progress=report, heap_bytes=max(heap_bytes, WRITER_HEAP_BYTES))
    else:
        count = index.rebuild(all_records(ids), progress=report)
    journal.clear(before.files)  # the rebuild read their documents after they were noted
    return count
