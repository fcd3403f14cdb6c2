"""Placement journals: how a crash between "files in place" and "row committed" is undone or finished.

Before a transaction puts files under their final names, it writes a journal naming them (`created`),
the files it will make obsolete (`obsolete`), and what the document row looks like once committed
(`expect`). After the commit the journal is deleted. If the process dies in between, `recover()` finds
the journal, asks the database whether the transaction committed, and then either deletes the obsolete
files (committed) or the newly placed ones (not committed). A journal whose writer is still alive is left
alone. A deletion's journal has `expect=None`: it committed when the row is gone.
Journals live in `documents/.journal/` and are named after the task (or a random key).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

from paperkeep.documents.storage.durable import fsync_dir, remove_quietly, temp_name_for
from paperkeep.documents.storage.layout import MediaLayout, media

logger = logging.getLogger(__name__)


def _process_start(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22: start time in clock ticks since boot


def current_process() -> str:
    """Return a token naming this process: host, pid and start time (pids are reused, start times are not)."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def process_alive(token: str) -> bool:
    """Return whether the process named by `token` is still running (unknown hosts count as alive)."""
    host, pid_text, start = token.split(":", 2)
    if host != socket.gethostname():
        return True
    pid = int(pid_text)
    return _process_start(pid) == start and start != "None"


@dataclass(frozen=True)
class Journal:
    """One unfinished placement. Paths are relative to the media root."""

    key: str
    document_id: int | None
    expect: dict[str, object] | None
    created: tuple[str, ...] = ()
    obsolete: tuple[str, ...] = ()
    owner: str = field(default_factory=current_process)

    def path(self, layout: MediaLayout) -> Path:
        return layout.journal / f"{self.key}.json"


def write(journal: Journal, layout: MediaLayout | None = None) -> None:
    """Write the journal durably (temporary name, fsync, rename, fsync the folder)."""
    layout = layout or media()
    layout.journal.mkdir(parents=True, exist_ok=True)
    final = journal.path(layout)
    temp = temp_name_for(final)
    data = json.dumps(asdict(journal)).encode()
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, final)
    fsync_dir(layout.journal)


def close(key: str, layout: MediaLayout | None = None) -> None:
    """Delete the journal after its transaction's outcome is settled."""
    layout = layout or media()
    if remove_quietly(layout.journal / f"{key}.json"):
        fsync_dir(layout.journal)


def read_all(layout: MediaLayout | None = None) -> list[Journal]:
    """Return every journal on disk (unreadable ones are reported and skipped)."""
    layout = layout or media()
    journals: list[Journal] = []
    if not layout.journal.is_dir():
        return journals
    for path in sorted(layout.journal.glob("*.json")):
        try:
            data = json.loads(path.read_text())
            journals.append(
                Journal(
                    key=data["key"], document_id=data["document_id"], expect=data["expect"],
                    created=tuple(data["created"]), obsolete=tuple(data["obsolete"]), owner=data["owner"],
                )
            )  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError):
            logger.error("Unreadable placement journal %s; leaving it for a person to look at", path)
    return journals


def committed(journal: Journal) -> bool:
    """Return whether the journal's transaction committed: the document row has the expected values."""
    from paperkeep.documents.models import Document

    if journal.document_id is None:
        return False
    rows = Document.global_objects.filter(pk=journal.document_id)
    if journal.expect is None:
        return not rows.exists()
    return rows.filter(**journal.expect).exists()


def settle(journal: Journal, layout: MediaLayout | None = None, *, after_crash: bool = False) -> str:
    """Finish (committed) or undo (not committed) one placement; return what was done.

    Writers call this themselves once their transaction's outcome is known; `recover()` calls it, with
    `after_crash`, for the journals of writers that died.
    """
    layout = layout or media()
    if committed(journal):
        for relative in journal.obsolete:
            remove_quietly(layout.root / relative)
        outcome = f"finished the committed placement {journal.key} (removed {len(journal.obsolete)} old file(s))"
    else:
        for relative in journal.created:
            remove_quietly(layout.root / relative)
            remove_quietly(temp_name_for(layout.root / relative))
        outcome = f"undid the uncommitted placement {journal.key} (removed {len(journal.created)} file(s))"
    close(journal.key, layout)
    if after_crash:
        logger.warning("Recovered after a crash: %s", outcome)
    return outcome


def recover(layout: MediaLayout | None = None) -> list[str]:
    """Settle every journal whose writer is gone; return what was done."""
    layout = layout or media()
    return [
        settle(journal, layout, after_crash=True) for journal in read_all(layout) if not process_alive(journal.owner)
    ]


def in_flight_paths(layout: MediaLayout | None = None) -> set[str]:
    """Return the media-relative paths named by journals of live writers (not problems, just unfinished)."""
    layout = layout or media()
    paths: set[str] = set()
    for journal in read_all(layout):
        if process_alive(journal.owner):
            paths.update(journal.created)
            paths.update(journal.obsolete)
    return paths
