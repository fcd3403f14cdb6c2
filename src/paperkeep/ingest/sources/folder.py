"""The consume-folder watcher: a thread that notices new files, waits until they stop changing, submits them.

Native change notification (inotify) through `watchfiles`, or polling when PAPERLESS_CONSUMER_POLLING_INTERVAL
is above zero or native notification is not available. Files present at start are consumed. A file is
submitted once its size and modification time have not changed for PAPERLESS_CONSUMER_STABILITY_DELAY
seconds; a full rescan now and then catches anything the notifications missed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

from paperkeep.ingest.sources.folder_rules import FolderRules

logger = logging.getLogger(__name__)

TICK_MS = 250
RESCAN_SECONDS = 60.0
Submit = Callable[[Path, tuple[str, ...]], None]


class StabilityTracker:
    """Remember when each candidate file last changed; report those unchanged for `delay` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._seen: dict[Path, tuple[tuple[int, int], float]] = {}

    def observe(self, path: Path, now: float) -> None:
        try:
            stat = path.stat()
        except OSError:
            self._seen.pop(path, None)
            return
        signature = (stat.st_size, stat.st_mtime_ns)
        previous = self._seen.get(path)
        if previous is None or previous[0] != signature:
            self._seen[path] = (signature, now)

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def stable(self, now: float) -> list[Path]:
        """Return (and forget) the files whose size and time have not changed for `delay` seconds."""
        ready = []
        for path in list(self._seen):
            self.observe(path, now)
            entry = self._seen.get(path)
            if entry is not None and now - entry[1] >= self.delay and _readable(path):
                ready.append(path)
                del self._seen[path]
        return sorted(ready)

    def __len__(self) -> int:
        return len(self._seen)


def _readable(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError:
        return False
    return True


class FolderWatcher(threading.Thread):
    """Watch the consume folder and call `submit(path, tag_names)` for each stable input file."""

    def __init__(self, rules: FolderRules, submit: Submit, *, stability_delay: float, polling_interval: float) -> None:
        super().__init__(name="paperkeep-consume-folder", daemon=True)
        self.rules = rules
        self.submit = submit
        self.polling_interval = polling_interval
        self.tracker = StabilityTracker(stability_delay)
        self.stopping = threading.Event()
        self.ready = threading.Event()  # set once the first scan is done (tests wait for it)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to stop and wait for it."""
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        self.rules.root.mkdir(parents=True, exist_ok=True)
        logging.getLogger("watchfiles").setLevel(logging.WARNING)  # it logs every change at INFO
        logger.info("Watching the consume folder %s", self.rules.root)
        try:
            self._rescan()
            self.ready.set()
            polling = self.polling_interval > 0
            while not self.stopping.is_set():
                try:
                    self._watch(polling)
                except Exception:  # a broken watch must not end consuming: fall back to polling and go on
                    if polling:
                        logger.exception("Watching %s failed; retrying in 5 s", self.rules.root)
                        self.stopping.wait(5)
                    else:
                        logger.warning("Change notification is not available for %s; polling instead",
                                       self.rules.root, exc_info=True)  # fmt: skip
                        polling = True
        finally:
            from django.db import connection

            connection.close()
            logger.info("Stopped watching the consume folder")

    def _watch(self, polling: bool) -> None:
        last_scan = time.monotonic()
        for changes in watchfiles.watch(
            self.rules.root,
            watch_filter=None,
            debounce=TICK_MS,
            step=50,
            stop_event=self.stopping,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
            force_polling=polling,
            poll_delay_ms=int(max(self.polling_interval, 0.1) * 1000),
            recursive=self.rules.recursive,
            ignore_permission_denied=True,
        ):
            now = time.monotonic()
            for change, name in changes:
                path = Path(name)
                if change == watchfiles.Change.deleted:
                    self.tracker.forget(path)
                elif change == watchfiles.Change.added and path.is_dir() and path != self.rules.root:
                    # Files written into a new folder before its watch was set up send no event of their own.
                    for found in self.rules.scan(path):
                        self.tracker.observe(found, now)
                elif path.is_file() and self.rules.wanted(path):
                    self.tracker.observe(path, now)
            if now - last_scan >= RESCAN_SECONDS:
                self._rescan()
                last_scan = now
            self._submit_stable(now)

    def _rescan(self) -> None:
        now = time.monotonic()
        for path in self.rules.scan():
            self.tracker.observe(path, now)
        self._submit_stable(now)

    def _submit_stable(self, now: float) -> None:
        for path in self.tracker.stable(now):
            try:
                self.submit(path, self.rules.tag_names(path))
            except Exception:  # one bad file must not stop the watcher
                logger.exception("Could not queue %s", path)
