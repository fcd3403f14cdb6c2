"""Tesseract run directly: the skew and line direction, orientation, and word confidences that show an upright page."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from paperkeep.parsers import tesseract
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SCAN_WORDS, SMALL_PAGE
from tests.parsers.helpers import assert_words

LINES = [*SCAN_LINES, "Please find the enclosed statement for the harbour office fees"]


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, dpi=(300, 300))
    return path


def test_layout_measures_the_skew(tmp_path: Path) -> None:
    """GIVEN a page scanned 2 degrees askew (counter-clockwise)
    WHEN its layout is analysed
    THEN the deskew angle is about -2 degrees (what OCRmyPDF rotates by) and the lines run left to right."""
    page = _save(filegen.scan_image(LINES, size=SMALL_PAGE, angle=2.0), tmp_path / "skewed.png")
    layout = tesseract.analyse_layout(page, ["eng"])
    assert abs(layout.deskew_degrees + 2.0) < 0.4
    assert layout.horizontal


def test_layout_of_a_page_on_its_side_is_not_horizontal(tmp_path: Path) -> None:
    """GIVEN a page lying on its side
    WHEN its layout is analysed
    THEN its lines do not run left to right (orientation detection is needed)."""
    image = filegen.scan_image(LINES, size=SMALL_PAGE).rotate(90, expand=True)
    assert not tesseract.analyse_layout(_save(image, tmp_path / "side.png"), ["eng"]).horizontal


def test_upright_page_reads_with_high_confidence(tmp_path: Path) -> None:
    """GIVEN an upright scan
    WHEN it is recognised
    THEN the text has its words, Tesseract wrote a text-only PDF, and the mean word confidence is at least 60."""
    page = _save(filegen.scan_image(LINES, size=SMALL_PAGE), tmp_path / "page.png")
    result = tesseract.recognise(page, tmp_path / "out", ["eng"])
    assert_words(result.text.read_text("utf-8"), SCAN_WORDS)
    assert result.pdf.read_bytes().startswith(b"%PDF")
    assert result.mean_confidence >= 60 and result.horizontal


def test_upside_down_page_reads_with_low_confidence(tmp_path: Path) -> None:
    """GIVEN the same scan upside down
    WHEN it is recognised
    THEN the mean word confidence is below 60 (the sign to ask for the orientation)."""
    image = filegen.scan_image(LINES, size=SMALL_PAGE).rotate(180)
    result = tesseract.recognise(_save(image, tmp_path / "page.png"), tmp_path / "out", ["eng"])
    assert result.confidences and result.mean_confidence < 60


def test_orientation_of_an_empty_page_is_unknown(tmp_path: Path) -> None:
    """GIVEN a blank page
    WHEN its orientation is asked for
    THEN the answer is 0 degrees with no confidence (too few characters), not an error."""
    page = _save(Image.new("L", SMALL_PAGE, 255), tmp_path / "blank.png")
    assert tesseract.detect_orientation(page) == tesseract.Orientation(0, 0.0)
