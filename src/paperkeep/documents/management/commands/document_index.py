"""`document_index reindex|optimize`: rebuild the full-text index from the database, or tidy its files."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

from paperkeep.documents import search


class ProgressBar:
    """A one-line text progress bar on a terminal, redrawn at most five times a second."""

    WIDTH = 40

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.drawn_at < 0.2:
            return
        self.drawn_at = now
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} documents")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Manage the full-text search index. `reindex` rebuilds it from the database (with --if-needed only when "
        "it is new or its schema or language changed); `optimize` removes index files no longer used."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("command", choices=["reindex", "optimize"])
        parser.add_argument("--no-progress-bar", action="store_true", help="do not show a progress bar")
        parser.add_argument(
            "--if-needed", action="store_true", help="reindex only when the index is new or its schema changed"
        )
        parser.add_argument(
            "--heap-size-mb", type=int, default=None, help="memory for the index writer during a rebuild (MB)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "optimize":
            search.get_index().optimize()
            self.stdout.write("Optimized the search index.")
            return
        index = search.get_index()
        if options["if_needed"] and not index.needs_rebuild:
            self.stdout.write("The search index is up to date; nothing to do.")
            return
        show = not options["no_progress_bar"] and sys.stderr.isatty()
        progress = ProgressBar(sys.stderr) if show else None
        heap = options["heap_size_mb"]
        started = time.perf_counter()
        count = search.rebuild(progress=progress, heap_bytes=heap * 1_000_000 if heap else None)
        self.stdout.write(f"Indexed {count} documents in {time.perf_counter() - started:.1f} s.")
