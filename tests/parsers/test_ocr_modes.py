"""Scanned PDFs under each OCR mode (auto, force, redo, off) and the pages setting (real OCR: slow)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions
from paperkeep.parsers.raster import RasterParser
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SCAN_WORDS, SMALL_PAGE
from tests.parsers.helpers import assert_words, pdfa_part

pytestmark = pytest.mark.slow

HIDDEN = "Stale hidden layer"


@pytest.fixture
def scanned(tmp_path: Path) -> Path:
    return filegen.scan_pdf(tmp_path / "scanned.pdf", [SCAN_LINES], size=SMALL_PAGE)


@pytest.fixture
def stale_layer(tmp_path: Path) -> Path:
    """A scan whose invisible text layer says something other than the page."""
    return filegen.scan_pdf(tmp_path / "stale.pdf", [SCAN_LINES], size=SMALL_PAGE, hidden_text=HIDDEN)


def _parse(path: Path, options: ParseOptions, workdir: Path):  # type: ignore[no-untyped-def]
    return RasterParser().parse(path, "application/pdf", options, workdir)


def test_auto_recognises_image_only_pdf(scanned: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN an image-only PDF
    WHEN it is parsed under auto
    THEN the words are recognised and the archive is PDF/A-2B."""
    result = _parse(scanned, fast_ocr, workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_auto_keeps_existing_text_layer(stale_layer: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a scan with a short (not born-digital) text layer
    WHEN it is parsed under auto
    THEN pages with text are skipped: the text is the existing layer, and an archive is made."""
    result = _parse(stale_layer, fast_ocr, workdir)
    assert HIDDEN in result.text
    assert "Zeppelin" not in result.text
    assert result.archive_path is not None


def test_force_replaces_text_with_ocr(stale_layer: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a scan with a stale text layer
    WHEN it is parsed with mode force
    THEN the text is what OCR reads on the page, not the stale layer."""
    result = _parse(stale_layer, replace(fast_ocr, mode="force"), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert HIDDEN not in result.text


def test_redo_replaces_invisible_layer(stale_layer: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a scan with a stale invisible text layer
    WHEN it is parsed with mode redo
    THEN the stale layer is replaced by fresh OCR text."""
    result = _parse(stale_layer, replace(fast_ocr, mode="redo"), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert HIDDEN not in result.text
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_off_never_recognises(scanned: Path, workdir: Path) -> None:
    """GIVEN an image-only PDF
    WHEN it is parsed with mode off
    THEN there is no text, but (auto: not born-digital) a PDF/A archive is made."""
    result = _parse(scanned, ParseOptions(mode="off"), workdir)
    assert result.text == ""
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_pages_limits_ocr(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a two-page image-only PDF
    WHEN it is parsed with pages=1
    THEN the first page's words are recognised and the second page's are not; the page count stays 2."""
    path = filegen.scan_pdf(tmp_path / "two.pdf", [SCAN_LINES, ["Second page Walrus"]], size=SMALL_PAGE)
    result = _parse(path, replace(fast_ocr, pages=1), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert "Walrus" not in result.text
    assert result.page_count == 2


def test_default_cleanup_passes_run(scanned: Path, workdir: Path) -> None:
    """GIVEN an image-only PDF
    WHEN it is parsed with clean-final, deskew and rotate pages on
    THEN the words are recognised and the archive is PDF/A."""
    options = ParseOptions(clean="clean-final", deskew=True, rotate_pages=True)
    result = _parse(scanned, options, workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_user_args_are_passed_last(scanned: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN user arguments that ask for a plain PDF output type
    WHEN an image-only PDF is parsed
    THEN the user's value wins over the output type setting: the archive is not PDF/A."""
    result = _parse(scanned, replace(fast_ocr, user_args={"output_type": "pdf"}), workdir)
    assert result.archive_path is not None and pdfa_part(result.archive_path) == ""


def test_force_with_archive_on_born_digital_pdf_is_pdfa(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a born-digital PDF that opens with an /OpenAction (which OCRmyPDF's PDF/A check refuses)
    WHEN it is parsed with mode force and archive generation always
    THEN the archive is still a PDF/A-2B and the text is recognised from the rendered page."""
    import pikepdf

    path = filegen.text_pdf(tmp_path / "letter.pdf", [SCAN_LINES])
    with pikepdf.open(path) as pdf:
        assert "/OpenAction" in pdf.Root
    result = _parse(path, replace(fast_ocr, mode="force", archive_generation="always"), workdir)
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"
    assert_words(result.text, SCAN_WORDS)
