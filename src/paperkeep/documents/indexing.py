"""The seam between document writes and the full-text index.

Actions call `schedule_index(ids)` / `schedule_remove(ids)` inside their transaction; the callbacks
registered here run after the transaction commits (`transaction.on_commit`), so the index never sees a
write that was rolled back. Until something registers, this is a no-op: documents are written and no index
is kept.

The search package plugs in from its Django-side glue, once per process:

    from paperkeep.documents import indexing
    indexing.register("tantivy", on_index=index_ids, on_remove=remove_ids)

Callbacks get a sorted tuple of document ids (live, trashed or already deleted: look them up yourself) and
must not raise for ids that no longer exist. A failing callback is logged and does not fail the write that
already committed; the index is rebuilt from the database by the search package's own command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)

IdsCallback = Callable[[tuple[int, ...]], None]


@dataclass(frozen=True)
class IndexHooks:
    """One index's two callbacks."""

    name: str
    on_index: IdsCallback
    on_remove: IdsCallback


_hooks: dict[str, IndexHooks] = {}


def register(name: str, *, on_index: IdsCallback, on_remove: IdsCallback) -> None:
    """Register (or replace) the index called `name`."""
    _hooks[name] = IndexHooks(name, on_index, on_remove)


def unregister(name: str) -> None:
    """Remove the index called `name`, if registered."""
    _hooks.pop(name, None)


def registered() -> tuple[str, ...]:
    """Return the names of the registered indexes."""
    return tuple(_hooks)


def schedule_index(ids: Iterable[int]) -> None:
    """(Re-)index these documents once the current transaction commits (at once outside a transaction)."""
    _schedule("on_index", ids)


def schedule_remove(ids: Iterable[int]) -> None:
    """Remove these documents from the index once the current transaction commits."""
    _schedule("on_remove", ids)


@dataclass
class _Scheduled:
    """One on-commit call; calls of the same kind scheduled right after it in the transaction join it."""

    kind: str
    ids: set[int]

    def __call__(self) -> None:
        _run(self.kind, tuple(sorted(self.ids)))


def _schedule(kind: str, ids: Iterable[int]) -> None:
    wanted = {int(i) for i in ids}
    if not wanted or not _hooks:
        return
    connection = transaction.get_connection()
    last = connection.run_on_commit[-1][1] if connection.in_atomic_block and connection.run_on_commit else None
    if isinstance(last, _Scheduled) and last.kind == kind:
        last.ids |= wanted  # one edit calls several actions: one index write (~100 ms) instead of one each
        return
    transaction.on_commit(_Scheduled(kind, wanted))


def _run(kind: str, ids: tuple[int, ...]) -> None:
    for hooks in tuple(_hooks.values()):
        try:
            getattr(hooks, kind)(ids)
        except Exception:  # process edge: the write is committed; a stale index is repaired by a reindex
            logger.exception("Index %s failed to %s documents %s", hooks.name, kind.removeprefix("on_"), ids)
