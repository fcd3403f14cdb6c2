"""The management commands: consume, document_sanity_checker, document_thumbnails, document_archiver."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from paperkeep.documents.models import Document, PaperlessTask
from paperkeep.documents.storage.durable import sha256_file
from paperkeep.documents.storage.layout import media
from tests import filegen
from tests.conftest import Dirs

pytestmark = pytest.mark.django_db(transaction=True)

LINES = [["Minutes of the board meeting", "held on 03.10.2023", "All members were present."] * 3]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_consume_now_prints_the_document_id_and_leaves_the_file(paperkeep_dirs: Dirs) -> None:
    """GIVEN a PDF outside the consume folder
    WHEN `consume --now` is run on it
    THEN it prints the new document's id, and the file itself is untouched."""
    pdf = filegen.text_pdf(paperkeep_dirs.root / "minutes.pdf", LINES)
    before = sha256_file(pdf)
    code, out, _ = run("consume", "--now", "--title", "Board minutes", str(pdf))
    document = Document.objects.get()
    assert (code, out.strip()) == (0, str(document.pk))
    assert document.title == "Board minutes" and sha256_file(pdf) == before


def test_consume_queues_and_prints_the_task_id(paperkeep_dirs: Dirs) -> None:
    """GIVEN a PDF
    WHEN `consume` is run without --now
    THEN it prints the id of a queued task whose input is a durable copy under the data folder."""
    pdf = filegen.text_pdf(paperkeep_dirs.root / "minutes.pdf", LINES)
    code, out, _ = run("consume", str(pdf))
    task = PaperlessTask.objects.get(task_id=out.strip())
    assert code == 0 and task.status == "pending" and task.trigger_source == "manual"
    assert Path(task.input_data["path"]).parent.parent == paperkeep_dirs.data / "uploads"


def test_consume_now_reports_a_failure_with_its_reason(paperkeep_dirs: Dirs) -> None:
    """GIVEN a corrupt PDF
    WHEN `consume --now` is run on it
    THEN it exits with 1 and prints the reason."""
    code, _, err = run("consume", "--now", str(filegen.corrupt_pdf(paperkeep_dirs.root / "bad.pdf")))
    assert code == 1 and "bad.pdf" in err and "damaged" in err


def test_the_sanity_checker_exits_0_when_all_is_well_and_1_on_problems(paperkeep_dirs: Dirs) -> None:
    """GIVEN a consumed document
    WHEN the sanity checker runs, and again after its thumbnail is deleted
    THEN it first says no issues (exit 0), then reports the thumbnail (exit 1)."""
    run("consume", "--now", str(filegen.text_pdf(paperkeep_dirs.root / "m.pdf", LINES)))
    code, out, _ = run("document_sanity_checker")
    assert code == 0 and "No issues detected" in out
    document = Document.objects.get()
    (media().thumbnails / f"{document.pk:07}.webp").unlink()
    code, out, _ = run("document_sanity_checker")
    assert code == 1 and "thumbnail is missing" in out


def test_thumbnails_are_rendered_again(paperkeep_dirs: Dirs) -> None:
    """GIVEN a consumed document whose thumbnail was lost
    WHEN document_thumbnails runs for it
    THEN the thumbnail is back and the sanity checker is happy."""
    run("consume", "--now", str(filegen.text_pdf(paperkeep_dirs.root / "m.pdf", LINES)))
    document = Document.objects.get()
    thumbnail = media().thumbnails / f"{document.pk:07}.webp"
    thumbnail.unlink()
    assert run("document_thumbnails", "--document", str(document.pk))[0] == 0
    assert thumbnail.read_bytes()[:4] == b"RIFF"
    assert run("document_sanity_checker")[0] == 0


@pytest.mark.slow
def test_the_archiver_makes_a_missing_archive(paperkeep_dirs: Dirs) -> None:
    """GIVEN a born-digital PDF consumed without an archive
    WHEN document_archiver runs
    THEN the document has a PDF/A archive whose checksum the sanity checker confirms."""
    pdf = filegen.text_pdf(paperkeep_dirs.root / "m.pdf", LINES)
    run("consume", "--now", str(pdf))
    assert Document.objects.get().archive_filename is None
    code, out, _ = run("document_archiver")
    document = Document.objects.get()
    assert code == 0 and "Created 1 archive" in out
    assert document.archive_checksum == sha256_file(media().archive / document.archive_filename)
    assert run("document_sanity_checker")[0] == 0
