"""The index directory: its settings sentinel, the open lock, and wiping it for a rebuild."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from paperkeep.search.errors import SearchError

SENTINEL = ".paperkeep-index.json"
OPEN_LOCK = ".paperkeep-open.lock"
# What may live in an index directory: tantivy's files (uuid-named segments, meta.json, .managed.json, its
# lock files), our own files, and the files of a Paperless-ngx index (tantivy or whoosh) we replace.
_INDEX_FILE = re.compile(
    r"^(\.[\w.-]+|meta\.json|[0-9a-f]{32}(\.\d+)?\.\w+|\w+\.(seg|toc|json|lock)|MAIN_WRITELOCK|_?MAIN_\w+\.\w+)$"
)


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """What the sentinel records about the index on disk."""

    schema_version: int
    language: str
    populated: bool  # False until a full rebuild has committed


def read_settings(path: Path) -> IndexSettings | None:
    """Return the sentinel of an index directory, or None when it is missing or unreadable."""
    try:
        data = json.loads((path / SENTINEL).read_text(encoding="utf-8"))
        return IndexSettings(int(data["schema_version"]), str(data["language"]), bool(data["populated"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_settings(path: Path, settings: IndexSettings) -> None:
    """Write the sentinel atomically."""
    temporary = path / (SENTINEL + ".tmp")
    data = {"schema_version": settings.schema_version, "language": settings.language, "populated": settings.populated}
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path / SENTINEL)


@contextlib.contextmanager
def open_lock(path: Path) -> Iterator[None]:
    """Hold a cross-process lock while an index is checked, wiped or created."""
    with open(path / OPEN_LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def wipe(path: Path) -> None:
    """Delete the index files in a directory; refuse when anything else is there."""
    entries = [entry for entry in path.iterdir() if entry.name != OPEN_LOCK]
    strangers = [entry.name for entry in entries if entry.is_dir() or not _INDEX_FILE.match(entry.name)]
    if strangers:
        raise SearchError(
            f"Refusing to wipe {path}: it holds files that are not part of a search index ({', '.join(strangers[:5])})"
        )
    for entry in entries:
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink(missing_ok=True)
