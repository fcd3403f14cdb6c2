"""Every kind of bad input ends its task with a reason and keeps the input; the next input still works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paperkeep.documents.models import Document
from paperkeep.ingest.context import Source
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.helpers import consume_now, document_of

pytestmark = pytest.mark.django_db

LETTER = [["Dear customer,", "your order 5511 has shipped on 02.03.2024.", "Kind regards, the shop team"] * 3]


def _too_large(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "corrupt": (filegen.corrupt_pdf, "corrupt.pdf", "damaged"),
    "encrypted": (lambda p: filegen.encrypted_pdf(p, ["secret letter"] * 5), "locked.pdf", "password"),
    "empty": (filegen.empty_file, "empty.pdf", "empty"),
    "unsupported": (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200)) and p, "tool.bin", "not supported"),
    "too_large": (_too_large, "big.pdf", "larger than the limit"),
    "bomb": (filegen.bomb_png, "bomb.png", "unsafe size"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_a_bad_folder_input_is_kept_with_its_reason(kind: str, paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN a bad input of one kind in the consume folder
    WHEN its task runs
    THEN the task failed with a reason naming the problem, and the input sits in failed/ with a .reason file."""
    if kind == "too_large":
        override_config("consumer", max_file_size=4096)
    make, name, words = BAD_INPUTS[kind]
    path = make(paperkeep_dirs.consume / name)
    original = path.read_bytes()
    task = consume_now(path)
    assert task.status == "failure"
    reason = task.result_data["reason"]
    assert words in reason.lower() and name in reason
    kept = paperkeep_dirs.consume / "failed" / name
    assert task.result_data["kept_at"] == str(kept)
    assert kept.read_bytes() == original and not path.exists()
    assert words in (kept.parent / f"{name}.reason").read_text().lower()
    assert not Document.objects.exists()


@pytest.mark.parametrize("kind", ["corrupt", "unsupported", "empty"])
def test_a_bad_upload_is_kept_under_the_data_dir(kind: str, paperkeep_dirs: Dirs) -> None:
    """GIVEN a bad input sent as an upload
    WHEN its task runs
    THEN the task failed and says where in DATA_DIR/failed the input was kept."""
    make, name, _words = BAD_INPUTS[kind]
    path = make(paperkeep_dirs.root / name)
    task = consume_now(path, source=Source.API_UPLOAD)
    kept = Path(task.result_data["kept_at"])
    assert task.status == "failure"
    assert kept.parent == paperkeep_dirs.data / "failed" and kept.read_bytes() == path.read_bytes()
    assert not (paperkeep_dirs.data / "uploads" / task.task_id).exists()


def test_the_worker_keeps_working_after_each_failure(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN every kind of bad input followed by a good letter
    WHEN they are consumed one after the other in the same process
    THEN the bad ones fail and the letter becomes a document."""
    override_config("consumer", max_file_size=512 * 1024)
    for kind in ("corrupt", "encrypted", "empty", "unsupported", "bomb"):
        make, name, _ = BAD_INPUTS[kind]
        assert consume_now(make(paperkeep_dirs.consume / name)).status == "failure"
    letter = filegen.text_pdf(paperkeep_dirs.consume / "letter.pdf", LETTER)
    assert "order 5511" in document_of(consume_now(letter)).content


def test_a_failed_name_that_is_taken_gets_a_suffix(paperkeep_dirs: Dirs) -> None:
    """GIVEN a corrupt.pdf already in failed/
    WHEN another corrupt.pdf fails
    THEN it is kept as corrupt_01.pdf, and the first is untouched."""
    (paperkeep_dirs.consume / "failed").mkdir()
    (paperkeep_dirs.consume / "failed" / "corrupt.pdf").write_bytes(b"first")
    task = consume_now(filegen.corrupt_pdf(paperkeep_dirs.consume / "corrupt.pdf"))
    assert task.result_data["kept_at"].endswith("failed/corrupt_01.pdf")
    assert (paperkeep_dirs.consume / "failed" / "corrupt.pdf").read_bytes() == b"first"


def test_a_duplicate_is_allowed_and_flagged_by_default(paperkeep_dirs: Dirs) -> None:
    """GIVEN a stored letter
    WHEN the same file is consumed again (PAPERLESS_CONSUMER_DELETE_DUPLICATES off)
    THEN a second document is made and its task names the first as a duplicate."""
    first = document_of(consume_now(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LETTER)))
    task = consume_now(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LETTER))
    assert document_of(task).pk != first.pk
    assert task.result_data["duplicates_found"] == [first.pk]


def test_a_duplicate_is_refused_and_kept_when_asked(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN PAPERLESS_CONSUMER_DELETE_DUPLICATES and a stored letter
    WHEN the same file is consumed again
    THEN the task fails naming the original document, and the file is kept in failed/."""
    override_config("consumer", delete_duplicates=True)
    first = document_of(consume_now(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LETTER)))
    task = consume_now(filegen.text_pdf(paperkeep_dirs.consume / "a.pdf", LETTER))
    assert task.status == "failure"
    assert task.result_data["duplicate_of"] == first.pk and f"#{first.pk}" in task.result_data["reason"]
    assert (paperkeep_dirs.consume / "failed" / "a.pdf").exists()
    assert task.related_document_ids == [first.pk]
