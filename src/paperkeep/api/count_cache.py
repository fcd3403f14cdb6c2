"""Remembered document-list counts (and other per-user figures: object document counts, statistics, selection
data), so paging through a large library does not COUNT 100k rows per page.

A list's count is cached under (library generation, user, user's groups, filter parameters). The generation is
a token in `DATA_DIR/api-count-generation`, replaced after every committed document write: every write goes
through `documents.actions`, and every action tells `documents.indexing`, where this module registers. Any
process (web workers, the task worker) bumps it, and every process sees it, so a cached count is never used
after a change; a short expiry bounds the damage of a write that bypasses the actions.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator

from paperkeep import generations
from paperkeep.documents import indexing, queries

logger = logging.getLogger(__name__)

T = TypeVar("T")
HOOK_NAME = "api-count-cache"
TTL_SECONDS = 120
# Parameters that change the page or the shape, not which documents are counted.
NOT_COUNTED = frozenset({"page", "page_size", "ordering", "fields", "truncate_content", "full_perms",
                         "include_selection_data", "format"})  # fmt: skip


def _generation_file() -> Path:
    return Path(settings.DATA_DIR) / "api-count-generation"


def generation() -> str:
    """Return the current library generation token."""
    return generations.read(_generation_file())


def bump(_ids: tuple[int, ...] = ()) -> None:
    """Start a new generation (called after a document write commits)."""
    if not generations.replace(_generation_file()):
        logger.warning("Could not record a new document generation in %s", _generation_file())


def install() -> None:
    """Hook into the document-write seam (idempotent)."""
    indexing.register(HOOK_NAME, on_index=bump, on_remove=bump)


def key_for(kind: str, user: Any, params: Mapping[str, Any] | None = None) -> str:
    """Return a cache key for a figure that depends on the documents, this user (and groups) and parameters."""
    given: Mapping[str, Any] = params or {}
    counted = sorted((name, str(given.get(name))) for name in given if name not in NOT_COUNTED)
    groups = ",".join(str(g) for g in sorted(queries.group_ids(user)))
    digest = hashlib.sha256(repr(counted).encode()).hexdigest()[:32]
    superuser = "su" if user.is_superuser else ""
    return f"paperkeep:api:{kind}:{generation()}:{user.pk}:{groups}:{superuser}:{digest}"


def count_key(user: Any, params: Mapping[str, Any]) -> str:
    """Return the cache key of the count of a document list for this user and these parameters."""
    return key_for("count", user, params)


def remember(key: str, compute: Callable[[], T]) -> T:
    """Return the cached value under `key`, computing and storing it when missing."""
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TTL_SECONDS)
    return found


def paginator_class(key: str) -> Callable[..., Paginator]:
    """Return a Django paginator class whose `count` is cached under `key`."""

    class CachedCountPaginator(Paginator):
        @property
        def count(self) -> int:
            if "_cached_count" not in self.__dict__:
                found = cache.get(key)
                if found is None:
                    found = super().count
                    cache.set(key, found, TTL_SECONDS)
                self.__dict__["_cached_count"] = found
            return int(self.__dict__["_cached_count"])

    return CachedCountPaginator
