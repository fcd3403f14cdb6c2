"""The search index on the Django side: documents as records, the process's index, and keeping it in sync.

- `register_hooks()` (from the app's `ready`): every document write reaches the index after its commit.
- `search_documents(user, query, documents)`: the hits among a queryset, best first; `.hits(page)` for a
  page's scores and highlights. `similar_documents`, `autocomplete` likewise.
- `reconcile()` (at worker start): repair what a crash between a commit and its index write left behind.
- `rebuild()`, `drift()`, `get_index()`, `viewer_for(user)` for the commands, the sanity check and the API.
"""

from paperkeep.documents.search.finding import Found, autocomplete, restrict, search_documents, similar_documents
from paperkeep.documents.search.handle import fresh_index, get_index, index_exists, index_path, viewer_for
from paperkeep.documents.search.reconcile import Drift, drift, reconcile
from paperkeep.documents.search.sync import rebuild, register_hooks, sync

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
