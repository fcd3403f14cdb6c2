"""SIGKILL the worker in the middle of an ingest: afterwards there is a complete document or the untouched input,
never a row without its file; after a restart there is exactly one document and the sanity checker is happy."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests import filegen
from tests.ingest.live import Live, live_instance

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

LINES = [["Tax assessment notice 2022", "issued on 17.05.2023 by the revenue office", "Refund: 312.40 EUR"] * 3]
# Every point between "files start to appear" and "input gone" where the worker can die.
POINTS = ["after_journal", "after_place_one", "before_commit", "after_commit", "after_input_removed"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journaled(live: Live) -> set[str]:
    names: set[str] = set()
    for journal in (live.media / "documents" / ".journal").glob("*.json"):
        entry = json.loads(journal.read_text())
        names.update(entry["created"])
    return names


def assert_whole(live: Live, input_path: Path, input_sha: str) -> None:
    """Either every document has its files with the right checksums, or there is none and the input waits;
    and every file in the media folders is a document's, a journaled one, or a recognisable temporary."""
    documents = live.documents()
    checksums = dict(live.rows("SELECT id, checksum FROM documents_document"))
    for pk, filename, _archive in documents:
        assert sha256(live.media / "documents" / "originals" / filename) == checksums[pk]
        assert (live.media / "documents" / "thumbnails" / f"{pk:07}.webp").is_file()
    if not documents:
        assert input_path.is_file() and sha256(input_path) == input_sha
    known = {f"documents/originals/{f}" for _, f, _ in documents} | {
        f"documents/archive/{a}" for _, _, a in documents if a} | {
        f"documents/thumbnails/{pk:07}.webp" for pk, _, _ in documents}  # fmt: skip
    for folder in ("originals", "archive", "thumbnails"):
        for name in live.files(folder):
            relative = f"documents/{folder}/{name}"
            assert relative in known or relative in journaled(live) or name.endswith(".paperkeep-tmp"), relative


def finish_after_restart(live: Live, expected_sha: str) -> None:
    live.start_worker()
    live.wait_ready()
    live.wait_for(
        lambda: len(live.documents()) == 1
        and not any(live.consume.iterdir())
        and not any((live.data / "uploads").glob("*/*"))
        and all(status in ("success", "failure") for _, status, _ in live.tasks()),
        what="the document after the restart, its input gone",
    )
    [(_pk, filename, _)] = live.documents()
    assert sha256(live.media / "documents" / "originals" / filename) == expected_sha
    assert [status for _, status, _ in live.tasks()] == ["success"]
    checked = live.manage("document_sanity_checker", check=False)
    assert checked.returncode == 0, checked.stdout
    assert "cleaned" not in checked.stdout  # the worker's own recovery already tidied everything


@pytest.mark.parametrize("point", POINTS)
def test_a_kill_at_each_point_of_storing_a_folder_file(tmp_path: Path, point: str) -> None:
    """GIVEN a worker that will be SIGKILLed at one point of storing a consume-folder file
    WHEN the file is dropped, the worker dies there, and a new worker starts
    THEN right after the kill the state is whole and the sanity checker (which tidies) reports nothing;
    after the restart there is exactly one document with the input's bytes and the folder is empty."""
    with live_instance(tmp_path) as live:
        live.set_failpoint(point)
        live.start_worker()
        letter = filegen.text_pdf(live.consume / "letter.pdf", LINES)
        letter_sha = sha256(letter)
        assert live.wait_worker_dead() == -9
        assert_whole(live, letter, letter_sha)
        assert live.manage("document_sanity_checker", check=False).returncode == 0
        assert_whole(live, letter, letter_sha)
        live.set_failpoint(None)
        finish_after_restart(live, letter_sha)


@pytest.mark.parametrize("point", ["after_place_one", "after_commit"])
def test_a_kill_while_storing_a_queued_upload(tmp_path: Path, point: str) -> None:
    """GIVEN a file queued with `paperkeep consume` (a durable copy in the data folder) and a worker that dies
    at one point of storing it
    WHEN a new worker starts
    THEN there is exactly one document and the staged copy is gone."""
    with live_instance(tmp_path) as live:
        source = filegen.text_pdf(tmp_path / "upload.pdf", LINES)
        live.manage("consume", str(source))
        live.set_failpoint(point)
        live.start_worker()
        assert live.wait_worker_dead() == -9
        live.set_failpoint(None)
        finish_after_restart(live, sha256(source))


def test_a_kill_during_ocr_leaves_the_input_waiting(tmp_path: Path) -> None:
    """GIVEN a worker busy running OCR on a scanned page from the consume folder
    WHEN the worker and its OCR processes are SIGKILLed and a new worker starts
    THEN at the kill there is no document and the scan is untouched; after the restart the scan is a document
    whose text has the page's words."""
    with live_instance(tmp_path) as live:
        live.start_worker()
        scan = filegen.scan_file(live.consume / "scan.png", ["Electricity bill", "Meter number 4455667788"])
        scan_sha = sha256(scan)
        live.wait_for(lambda: any(s == "started" and p >= 20 for _, s, p in live.tasks()), what="OCR to start")
        live.kill_worker()
        assert live.documents() == [] and sha256(scan) == scan_sha
        assert_whole(live, scan, scan_sha)
        finish_after_restart(live, scan_sha)
        content = live.rows("SELECT content FROM documents_document")[0][0]
        assert "4455667788" in content
