"""Scans and photos are OCRed with real Tesseract, and get a PDF/A archive."""

from __future__ import annotations

import pytest

from paperkeep.documents.storage.layout import media
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.helpers import consume_now, document_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

WORDS = ["Quarterly", "statement", "Greenfield", "Insurance", "policy", "number", "887766"]


def test_a_scanned_png_is_read_by_ocr(paperkeep_dirs: Dirs) -> None:
    """GIVEN a 300 dpi scan of a letter saved as PNG
    WHEN it is consumed
    THEN the content holds its words and a PDF/A archive is stored."""
    scan = filegen.scan_file(paperkeep_dirs.consume / "scan.png", [" ".join(WORDS[:4]), " ".join(WORDS[4:])])
    document = document_of(consume_now(scan))
    for word in WORDS:
        assert word.lower() in document.content.lower()
    archive = media().archive / document.archive_filename
    assert archive.read_bytes().startswith(b"%PDF") and b"pdfaid" in archive.read_bytes()


def test_an_image_only_pdf_is_read_by_ocr(paperkeep_dirs: Dirs) -> None:
    """GIVEN a PDF made of one scanned page without a text layer
    WHEN it is consumed
    THEN the content holds its words."""
    scan = filegen.scan_pdf(paperkeep_dirs.consume / "scan.pdf", [[" ".join(WORDS)]])
    document = document_of(consume_now(scan))
    assert "greenfield" in document.content.lower() and document.archive_filename
