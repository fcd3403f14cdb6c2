"""The indexing seam's search hook, kept apart from the index so that registering it (at start) loads no tantivy."""

from __future__ import annotations

from paperkeep.documents import indexing

HOOK_NAME = "search"


def _sync_ids(ids: tuple[int, ...]) -> None:
    """The hook's callback for both "index" and "remove" (the database says which): sync the ids with the index."""
    from paperkeep.documents.search.syncing import sync

    sync(ids)


def register_hooks() -> None:
    """Have every document write reach the index after its commit (documents.indexing)."""
    indexing.register(HOOK_NAME, on_index=_sync_ids, on_remove=_sync_ids)
