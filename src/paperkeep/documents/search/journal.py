"""Ids waiting to be synced with the index, kept in small files so a crash or a busy index loses none.

A writer notes its ids in `index/.pending-<pid>-<n>` before it writes to the index and deletes the note once
the index has committed. A note left behind (the process died, or another process held the index for too
long) is picked up by the next index write of any process, and by `reconcile()` when the worker starts.
Syncing an id twice is harmless: a sync reads the document's current state from the database.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

PREFIX = ".pending-"
_counter = itertools.count(1)


@dataclass(frozen=True)
class Pending:
    """Notes found in the index folder and the ids they hold."""

    files: tuple[Path, ...]
    ids: frozenset[int]


def note(folder: Path, ids: Iterable[int]) -> Path | None:
    """Write a note of these ids; return its path (None if the folder cannot be written)."""
    name = f"{PREFIX}{os.getpid()}-{next(_counter)}"
    path = folder / name
    try:
        draft = folder / f".draft{name}"
        draft.write_text(" ".join(str(i) for i in sorted(set(ids))), encoding="ascii")
        os.replace(draft, path)  # readers never see half a note
    except OSError as exc:
        logger.warning("Cannot note pending index changes in %s: %s", folder, exc)
        return None
    return path


def pending(folder: Path, exclude: Path | None = None) -> Pending:
    """Return every note in the folder (but `exclude`) and the union of their ids."""
    files: list[Path] = []
    ids: set[int] = set()
    try:
        candidates = [entry for entry in folder.iterdir() if entry.name.startswith(PREFIX)]
    except OSError:
        return Pending((), frozenset())
    for path in candidates:
        if path == exclude:
            continue
        try:
            ids.update(int(part) for part in path.read_text(encoding="ascii").split())
        except (OSError, ValueError):  # vanished meanwhile (its writer finished), or half written
            continue
        files.append(path)
    return Pending(tuple(files), frozenset(ids))


def clear(paths: Iterable[Path | None]) -> None:
    """Delete notes whose ids are now in the index."""
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)
