"""Images are recognised with OCRmyPDF + Tesseract and archived as PDF/A (real OCR: slow)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from paperkeep.parsers import ParseOptions, detect_mime, get_parser
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SCAN_WORDS, SMALL_PAGE
from tests.parsers.helpers import assert_words, pdfa_part

pytestmark = pytest.mark.slow


def _parse(path: Path, options: ParseOptions, workdir: Path):  # type: ignore[no-untyped-def]
    mime = detect_mime(path)
    parser = get_parser(mime)
    assert parser is not None
    return parser.parse(path, mime, options, workdir)


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp", ".gif", ".bmp"])
def test_scan_words_are_recognised(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions, suffix: str) -> None:
    """GIVEN a scanned-looking page saved in an image format
    WHEN it is parsed
    THEN the text contains every word on the page, and the archive is PDF/A-2B."""
    path = filegen.scan_file(tmp_path / f"scan{suffix}", SCAN_LINES, size=SMALL_PAGE)
    result = _parse(path, fast_ocr, workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.page_count == 1
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_multipage_tiff(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a two-page TIFF with different words on each page
    WHEN it is parsed
    THEN both pages' words are in the text, the page count is 2 and the archive has 2 pages."""
    path = filegen.scan_tiff(tmp_path / "pages.tiff", [SCAN_LINES, ["Second page Walrus"]], size=SMALL_PAGE)
    result = _parse(path, fast_ocr, workdir)
    assert_words(result.text, [*SCAN_WORDS, "Walrus"])
    assert result.page_count == 2
    import pikepdf

    with pikepdf.open(result.archive_path) as pdf:
        assert len(pdf.pages) == 2


def test_alpha_channel_is_removed(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN an RGBA PNG (OCRmyPDF refuses alpha channels)
    WHEN it is parsed
    THEN the words are recognised anyway."""
    path = filegen.alpha_png(tmp_path / "alpha.png", SCAN_LINES, size=SMALL_PAGE)
    assert Image.open(path).mode == "RGBA"
    assert_words(_parse(path, fast_ocr, workdir).text, SCAN_WORDS)


def test_image_without_dpi_uses_setting(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a PNG with no resolution stored and image_dpi set to 300
    WHEN it is parsed
    THEN the archive page is 4.1 x 3 inches (1240 x 900 pixels at 300 dpi)."""
    path = filegen.scan_file(tmp_path / "nodpi.png", SCAN_LINES, size=SMALL_PAGE, dpi=None)
    assert "dpi" not in Image.open(path).info
    result = _parse(path, replace(fast_ocr, image_dpi=300), workdir)
    import pikepdf

    with pikepdf.open(result.archive_path) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert round(box[2]) == round(1240 * 72 / 300) and round(box[3]) == round(900 * 72 / 300)


def test_rotated_scan_with_rotate_pages(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a full A4 scan lying upside down
    WHEN it is parsed with the default settings (clean, deskew, rotate pages)
    THEN the words are recognised."""
    lines = [*SCAN_LINES, *[f"Paragraph {n} with ordinary words about harbour fees" for n in range(12)]]
    path = filegen.scan_file(tmp_path / "upside.png", lines, angle=180.6)
    result = _parse(path, ParseOptions(), workdir)
    assert_words(result.text, SCAN_WORDS)


def test_mode_off_image_gets_archive_without_text(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a scanned-looking PNG
    WHEN it is parsed with mode off
    THEN there is no text, and the archive is still a PDF/A."""
    path = filegen.scan_file(tmp_path / "scan.png", SCAN_LINES, size=SMALL_PAGE)
    result = _parse(path, ParseOptions(mode="off"), workdir)
    assert result.text == ""
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_archive_never_still_recognises(tmp_path: Path, workdir: Path, fast_ocr: ParseOptions) -> None:
    """GIVEN a scanned-looking JPEG
    WHEN it is parsed with archive generation never
    THEN the words are recognised and no archive is returned or left behind."""
    path = filegen.scan_file(tmp_path / "scan.jpg", SCAN_LINES, size=SMALL_PAGE)
    result = _parse(path, replace(fast_ocr, archive_generation="never"), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is None
    assert not list(workdir.glob("*.pdf"))
