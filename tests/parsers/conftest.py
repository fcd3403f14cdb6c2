"""Shared fixtures for the parser tests: a work directory, OCR settings, sample lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions

# Distinctive words a generated scan carries and OCR must find.
SCAN_LINES = ("Quarterly statement Zeppelin", "Harbour office 4711 Bremen", "Invoice date 14.03.2024")
SCAN_WORDS = ("Quarterly", "statement", "Zeppelin", "Harbour", "4711", "Bremen")
# A small page (4 x 3 inches at 300 dpi) keeps real OCR around a second.
SMALL_PAGE = (1240, 900)

LETTER_LINES = (
    "ACME Widgets Ltd, 12 Example Road, Springfield",
    "Dear Ms Jones,",
    "thank you for your order of 3 March 2024. Please find the invoice below.",
    "Invoice number INV-2024-0042, amount due 1.234,56 EUR.",
    "Kind regards, the ACME accounts team",
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """Return an empty directory the parser may write into."""
    path = tmp_path / "work"
    path.mkdir()
    return path


@pytest.fixture
def fast_ocr() -> ParseOptions:
    """Return OCR settings without the optional clean-up passes, for quick real OCR runs."""
    return ParseOptions(clean="none", deskew=False, rotate_pages=False)
