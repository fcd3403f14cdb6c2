"""The consume-folder watcher thread: files present at start, new files once stable, growing files wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperkeep.ingest.sources.folder import FolderWatcher, StabilityTracker
from paperkeep.ingest.sources.folder_rules import FolderRules


class Inbox:
    """Collects what the watcher submits."""

    def __init__(self) -> None:
        self.items: list[tuple[Path, tuple[str, ...]]] = []
        self.event = threading.Event()

    def __call__(self, path: Path, tags: tuple[str, ...]) -> None:
        self.items.append((path, tags))
        self.event.set()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[Path, tuple[str, ...]]]:
        deadline = time.monotonic() + timeout
        while len(self.items) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.items


@pytest.fixture(params=[0.0, 0.2], ids=["inotify", "polling"])
def watch(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Inbox]]:
    root = tmp_path / "consume"
    root.mkdir()
    (root / "early.pdf").write_bytes(b"%PDF-1.4 present at start")
    inbox = Inbox()
    watcher = FolderWatcher(
        FolderRules(root, recursive=True, subdirs_as_tags=True), inbox,
        stability_delay=0.3, polling_interval=request.param,
    )  # fmt: skip
    watcher.start()
    assert watcher.ready.wait(5)
    yield root, inbox
    watcher.stop()


def test_files_present_at_start_and_new_files_are_submitted(watch: tuple[Path, Inbox]) -> None:
    """GIVEN a watcher started on a folder with one file
    WHEN a second file is dropped into a sub-folder
    THEN both are submitted, the second with its folder as a tag."""
    root, inbox = watch
    (root / "bills").mkdir()
    (root / "bills" / "late.pdf").write_bytes(b"%PDF-1.4 dropped later")
    items = inbox.wait_for(2)
    assert sorted((p.name, tags) for p, tags in items) == [("early.pdf", ()), ("late.pdf", ("bills",))]


def test_a_growing_file_is_submitted_only_when_it_stops_changing(watch: tuple[Path, Inbox]) -> None:
    """GIVEN a watcher
    WHEN a file is written slowly for longer than the stability delay
    THEN it is submitted once, after the last write, with its final size."""
    root, inbox = watch
    inbox.wait_for(1)
    target = root / "slow.pdf"
    with target.open("wb") as handle:
        for _ in range(8):
            handle.write(b"x" * 1000)
            handle.flush()
            time.sleep(0.1)
            assert all(p.name != "slow.pdf" for p, _ in inbox.items)
    items = inbox.wait_for(2)
    assert [p.name for p, _ in items].count("slow.pdf") == 1
    assert target.stat().st_size == 8000


def test_hidden_files_are_never_submitted(watch: tuple[Path, Inbox]) -> None:
    """GIVEN a watcher
    WHEN a hidden file and a normal file are dropped
    THEN only the normal file is submitted."""
    root, inbox = watch
    (root / ".secret.pdf").write_bytes(b"x")
    (root / "visible.pdf").write_bytes(b"y")
    items = inbox.wait_for(2)
    time.sleep(0.6)
    assert sorted(p.name for p, _ in items) == ["early.pdf", "visible.pdf"]


def test_the_tracker_waits_for_the_delay() -> None:
    """GIVEN a stability tracker with a 5 s delay that has just seen a file
    WHEN asked right away and 6 s later
    THEN the file is reported only the second time."""
    import tempfile

    with tempfile.NamedTemporaryFile() as handle:
        path = Path(handle.name)
        tracker = StabilityTracker(5.0)
        tracker.observe(path, 100.0)
        assert tracker.stable(100.1) == []
        assert tracker.stable(106.0) == [path]
