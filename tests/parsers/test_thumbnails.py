"""Thumbnails are WebP images about 500 pixels wide, with a placeholder when rendering fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from paperkeep.parsers import make_thumbnail
from tests import filegen
from tests.parsers.conftest import LETTER_LINES, SMALL_PAGE


def _open_webp(path: Path) -> Image.Image:
    assert path.read_bytes()[8:12] == b"WEBP"
    image = Image.open(path)
    assert image.format == "WEBP"
    return image


def test_pdf_first_page(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an A4 PDF
    WHEN its thumbnail is made
    THEN it is a 500-pixel-wide WebP with A4 proportions and dark text pixels on it."""
    path = filegen.text_pdf(tmp_path / "letter.pdf", [LETTER_LINES, ["page two"]])
    image = _open_webp(make_thumbnail(path, "application/pdf", workdir))
    assert image.width == 500 and abs(image.height - 707) <= 2
    assert image.convert("L").getextrema()[0] < 100


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tiff", ".gif", ".webp"])
def test_image(tmp_path: Path, workdir: Path, suffix: str) -> None:
    """GIVEN a 1240 x 900 image
    WHEN its thumbnail is made
    THEN it is a WebP scaled to 500 pixels wide with the same proportions."""
    path = filegen.scan_file(tmp_path / f"scan{suffix}", ["hello"], size=SMALL_PAGE)
    image = _open_webp(make_thumbnail(path, f"image/{suffix[1:].replace('jpg', 'jpeg')}", workdir))
    assert image.size == (500, round(900 * 500 / 1240))


def test_transparent_image_on_white(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a fully transparent PNG
    WHEN its thumbnail is made
    THEN the thumbnail is white, not black."""
    path = tmp_path / "clear.png"
    Image.new("RGBA", (800, 600), (0, 0, 0, 0)).save(path)
    image = _open_webp(make_thumbnail(path, "image/png", workdir)).convert("L")
    assert image.getextrema()[0] > 240


def test_text_file(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a text file
    WHEN its thumbnail is made
    THEN it is a 500-pixel-wide WebP page with some dark text pixels."""
    path = filegen.text_file(tmp_path / "notes.txt", "\n".join(LETTER_LINES))
    image = _open_webp(make_thumbnail(path, "text/plain", workdir))
    assert image.width == 500
    assert image.convert("L").getextrema()[0] < 100


def test_corrupt_pdf_gets_placeholder(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a truncated PDF
    WHEN its thumbnail is made
    THEN a placeholder WebP is written instead of an error."""
    path = filegen.corrupt_pdf(tmp_path / "broken.pdf")
    image = _open_webp(make_thumbnail(path, "application/pdf", workdir))
    assert image.width == 500


def test_bomb_gets_placeholder(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a PNG that decodes to 30000 x 30000 pixels
    WHEN its thumbnail is made
    THEN a placeholder is written quickly instead of decoding it."""
    path = filegen.bomb_png(tmp_path / "bomb.png")
    image = _open_webp(make_thumbnail(path, "image/png", workdir))
    assert image.width == 500


def test_unknown_type_gets_placeholder(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an office document (no archive passed)
    WHEN its thumbnail is made
    THEN a placeholder labelled with the extension is written."""
    path = filegen.docx(tmp_path / "letter.docx", ["Hello"])
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    image = _open_webp(make_thumbnail(path, mime, workdir))
    assert image.width == 500
