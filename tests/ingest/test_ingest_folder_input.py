"""A born-digital PDF from the consume folder becomes a complete document and the input is removed."""

from __future__ import annotations

from datetime import date

import pytest

from paperkeep.documents.storage.durable import sha256_file
from paperkeep.documents.storage.layout import media
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.helpers import consume_now, document_of

pytestmark = pytest.mark.django_db

LINES = ["ACME Corporation", "Invoice 4711", "Date: 05.04.2023", "Please pay the total of 12.50 EUR within 14 days."]


def test_a_text_pdf_becomes_a_document(paperkeep_dirs: Dirs) -> None:
    """GIVEN a born-digital PDF in the consume folder
    WHEN its task runs
    THEN the document has the text, the title from the file name, the date from the text, and one page."""
    pdf = filegen.text_pdf(paperkeep_dirs.consume / "acme invoice.pdf", [LINES * 3])
    document = document_of(consume_now(pdf))
    assert "Invoice 4711" in document.content
    assert document.title == "acme invoice"
    assert document.created == date(2023, 4, 5)
    assert (document.page_count, document.mime_type) == (1, "application/pdf")
    assert document.original_filename == "acme invoice.pdf"


def test_the_stored_original_is_the_input_byte_for_byte(paperkeep_dirs: Dirs) -> None:
    """GIVEN a PDF in the consume folder
    WHEN it is consumed
    THEN the stored original has the input's SHA-256, the thumbnail exists, and the input is gone."""
    pdf = filegen.text_pdf(paperkeep_dirs.consume / "letter.pdf", [LINES * 3])
    checksum = sha256_file(pdf)
    document = document_of(consume_now(pdf))
    assert document.checksum == checksum
    assert sha256_file(media().originals / document.filename) == checksum
    assert (media().thumbnails / f"{document.pk:07}.webp").stat().st_size > 0
    assert not pdf.exists()


def test_the_task_records_progress_and_timing(paperkeep_dirs: Dirs) -> None:
    """GIVEN a PDF in the consume folder
    WHEN it is consumed
    THEN its task is a successful consume_file from the folder, at 100 %, with start, end and duration."""
    task = consume_now(filegen.text_pdf(paperkeep_dirs.consume / "t.pdf", [LINES * 3]))
    assert (task.task_type, task.trigger_source, task.status) == ("consume_file", "folder_consume", "success")
    assert (task.progress, task.progress_message) == (100, "finished")
    assert task.date_started and task.date_done and task.duration_seconds is not None
    assert task.input_data["filename"] == "t.pdf"


def test_plain_text_is_consumed(paperkeep_dirs: Dirs) -> None:
    """GIVEN a plain text file in the consume folder
    WHEN it is consumed
    THEN the document's content is the text and the original keeps the .txt extension."""
    note = filegen.text_file(paperkeep_dirs.consume / "note.txt", "Remember the milk.\n")
    document = document_of(consume_now(note))
    assert document.content.strip() == "Remember the milk."
    assert document.filename.endswith(".txt") and document.archive_filename is None


def test_a_second_run_of_a_finished_task_does_nothing(paperkeep_dirs: Dirs) -> None:
    """GIVEN a task that already succeeded
    WHEN its message is delivered again
    THEN nothing new is created (the task is claimed only once)."""
    from paperkeep.documents.models import Document
    from paperkeep.ingest import runner

    task = consume_now(filegen.text_pdf(paperkeep_dirs.consume / "once.pdf", [LINES * 3]))
    assert runner.run(task.task_id) is None
    assert Document.objects.count() == 1
