"""The process-wide search index: `DATA_DIR/index`, in the configured language and time zone, opened once.

The handle is re-opened when `settings.DATA_DIR`, the search language or the time zone changes (tests point
DATA_DIR at a fresh folder per test); otherwise every caller in the process shares one `SearchIndex`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from paperkeep.documents.queries import group_ids
from paperkeep.search import SearchIndex, Viewer, open_index

INDEX_FOLDER = "index"

_lock = threading.Lock()
_Wanted = tuple[str, str | None, str, float | None]
_opened: tuple[_Wanted, SearchIndex] | None = None


def index_path() -> Path:
    """Return where the index lives: PAPERLESS_DATA_DIR/index."""
    return Path(settings.DATA_DIR) / INDEX_FOLDER


def _wanted() -> _Wanted:
    search = settings.CONFIG.search
    return str(index_path()), search.language, str(settings.TIME_ZONE or "UTC"), search.advanced_fuzzy_search_threshold


def get_index() -> SearchIndex:
    """Return this process's index, opening (and, after a schema or language change, recreating) it first."""
    global _opened
    wanted = _wanted()
    opened = _opened
    if opened is not None and opened[0] == wanted:
        return opened[1]
    with _lock:
        if _opened is None or _opened[0] != wanted:
            path, language, timezone, threshold = wanted
            _opened = (wanted, open_index(path, language=language, timezone=timezone, fuzzy_threshold=threshold))
        return _opened[1]


def index_exists() -> bool:
    """Return whether an index was ever created in DATA_DIR (without creating one)."""
    return (index_path() / "meta.json").is_file()


def fresh_index() -> SearchIndex:
    """Return the index with the latest commit of any process loaded (for reads that must see every write)."""
    index = get_index()
    index.refresh()  # without it another process's commit shows up only after ~0.5 s
    return index


def close() -> None:
    """Forget the open index (the next call opens it again)."""
    global _opened
    with _lock:
        _opened = None


def viewer_for(user: Any) -> Viewer:
    """Return who is asking, as the index understands it: the same rule as `documents.queries`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Viewer.anonymous()
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return Viewer(user_id=user.pk, superuser=True)
    return Viewer(user_id=user.pk, group_ids=group_ids(user))
