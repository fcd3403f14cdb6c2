"""The search index on the Django side: documents as records, the process's index, and keeping it in sync.

- `register_hooks()` (from the app's `ready`): every document write reaches the index after its commit.
- `search_documents(user, query, documents)`: the hits among a queryset, best first; `.hits(page)` for a
  page's scores and highlights. `similar_documents`, `autocomplete` likewise.
- `reconcile()` (at worker start): repair what a crash between a commit and its index write left behind.
- `rebuild()`, `drift()`, `get_index()`, `viewer_for(user)` for the commands, the sanity check and the API.

Names load from their modules on first use (PEP 562): registering the hook at start loads no tantivy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperkeep.documents.search.hooks import register_hooks
from paperkeep.lazy import lazy_names

if TYPE_CHECKING:
    from paperkeep.documents.search.finding import (
        Found,
        autocomplete,
        restrict,
        search_documents,
        similar_documents,
    )
    from paperkeep.documents.search.handle import fresh_index, get_index, index_exists, index_path, viewer_for
    from paperkeep.documents.search.reconciling import Drift, drift, reconcile
    from paperkeep.documents.search.syncing import rebuild, sync

_HOMES = {
    **dict.fromkeys(("Found", "autocomplete", "restrict", "search_documents", "similar_documents"), "finding"),
    **dict.fromkeys(("fresh_index", "get_index", "index_exists", "index_path", "viewer_for"), "handle"),
    **dict.fromkeys(("Drift", "drift", "reconcile"), "reconciling"),
    **dict.fromkeys(("rebuild", "sync"), "syncing"),
}


__getattr__ = lazy_names(__name__, globals(), _HOMES, submodules=True)


__all__ = [
    "Drift",
    "Found",
    "autocomplete",
    "drift",
    "fresh_index",
    "get_index",
    "index_exists",
    "index_path",
    "rebuild",
    "reconcile",
    "register_hooks",
    "restrict",
    "search_documents",
    "similar_documents",
    "sync",
    "viewer_for",
]
