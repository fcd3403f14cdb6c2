"""The real worker process: it consumes queued files and watches the consume folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import filegen
from tests.ingest.live import live_instance

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

LINES = [["Lease agreement for the flat at Elm Street 4", "signed on 01.09.2022", "Monthly rent: 850 EUR"] * 3]


def test_the_worker_consumes_a_queued_file_and_a_dropped_file(tmp_path: Path) -> None:
    """GIVEN a running worker
    WHEN a file is queued with `paperkeep consume` and another is dropped into the consume folder
    THEN both become documents, the consume folder is empty, and the sanity checker finds nothing."""
    with live_instance(tmp_path) as live:
        live.start_worker()
        queued = filegen.text_pdf(tmp_path / "queued.pdf", LINES)
        task_id = live.manage("consume", str(queued)).stdout.strip()
        filegen.text_pdf(live.consume / "dropped.pdf", [[*LINES[0], "copy two"]])
        live.wait_for(lambda: len(live.documents()) == 2 and not any(live.consume.iterdir()), what="two documents")
        assert (task_id, "success", 100) in live.tasks()
        assert queued.exists()
        assert live.manage("document_sanity_checker", check=False).returncode == 0


def test_files_present_before_the_worker_starts_are_consumed(tmp_path: Path) -> None:
    """GIVEN a file in the consume folder and a queued file, before any worker runs
    WHEN the worker starts
    THEN both are consumed."""
    with live_instance(tmp_path) as live:
        filegen.text_pdf(live.consume / "waiting.pdf", LINES)
        live.manage("consume", str(filegen.text_pdf(tmp_path / "q.pdf", [[*LINES[0], "other"]])))
        live.start_worker()
        live.wait_for(lambda: len(live.documents()) == 2, what="two documents")
