"""Images parsed with Paperless's defaults: the words are found and OCRmyPDF assembles a PDF/A of the prepared pages."""

from __future__ import annotations

import logging
from pathlib import Path

import pikepdf
import pytest

from paperkeep.parsers import ParseOptions, ParseResult, detect_mime, get_parser
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SCAN_WORDS, SMALL_PAGE
from tests.parsers.helpers import assert_words, pdfa_part

LETTER = [*SCAN_LINES, *[f"Paragraph {n} with ordinary words about harbour fees and the meter" for n in range(14)]]


def _parse(path: Path, options: ParseOptions, workdir: Path) -> ParseResult:
    mime = detect_mime(path)
    parser = get_parser(mime)
    assert parser is not None
    return parser.parse(path, mime, options, workdir)


def _image_filters(path: Path) -> list[list[str]]:
    """The filters of every image on every page of the PDF."""
    with pikepdf.open(path) as pdf:
        return [[str(f) for f in pikepdf.PdfImage(image).filters] for page in pdf.pages
                for image in page.get_images().values()]


@pytest.mark.slow
def test_skewed_noisy_scan_is_recognised_into_pdfa(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an A4 scan 3 degrees askew, with noise and specks (bare Tesseract loses words at such a skew)
    WHEN it is parsed with the defaults (clean, deskew, rotate pages)
    THEN its words are found and the archive is a one-page PDF/A-2B."""
    path = filegen.scan_file(tmp_path / "skewed.png", LETTER, angle=3.0, noise=16)
    result = _parse(path, ParseOptions(threads=2), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"
    assert len(_image_filters(result.archive_path)) == 1


def test_jpeg_scan_keeps_a_jpeg_page(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a JPEG scan, slightly askew
    WHEN it is parsed with the defaults
    THEN the archive page image is still a JPEG (as OCRmyPDF keeps JPEG pages) and the words are found."""
    path = filegen.scan_file(tmp_path / "scan.jpg", [*SCAN_LINES, "Paragraph one about fees"], size=SMALL_PAGE,
                             angle=2.0)
    result = _parse(path, ParseOptions(), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is not None
    assert _image_filters(result.archive_path) == [["/DCTDecode"]]


@pytest.mark.slow
def test_page_turned_while_the_archive_was_assembled(tmp_path: Path, workdir: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """GIVEN a two-page TIFF whose second page is upside down
    WHEN it is parsed with the defaults on two threads
    THEN the assembly started on the first images is done again, and the archive has both pages upright
    (portrait), both pages' words, and is PDF/A."""
    pages = [filegen.scan_image(LETTER, seed=1), filegen.scan_image([*LETTER, "Walrus"], seed=2).rotate(180)]
    path = tmp_path / "two.tiff"
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], dpi=(300, 300), compression="tiff_deflate")
    with caplog.at_level(logging.INFO, logger="paperkeep.parsers.raster"):
        result = _parse(path, ParseOptions(threads=2), workdir)
    assert "assembling again" in caplog.text
    assert_words(result.text, [*SCAN_WORDS, "Walrus"])
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"
    with pikepdf.open(result.archive_path) as pdf:
        boxes = [[float(v) for v in page.mediabox] for page in pdf.pages]
    assert len(boxes) == 2 and all(box[3] > box[2] for box in boxes)


@pytest.mark.parametrize("deskew", [True, False])
def test_image_metadata_is_kept(tmp_path: Path, workdir: Path, deskew: bool) -> None:
    """GIVEN a PNG scan with EXIF tags and a compressed text chunk
    WHEN it is parsed with deskew on (metadata read from the frame decoded for it) or with every clean-up off
    THEN the metadata records are those read from the file on its own."""
    from PIL import Image, PngImagePlugin

    from paperkeep.parsers import images

    path = tmp_path / "tagged.png"
    exif = Image.Exif()
    exif[0x010F] = "Harbour Scanners"  # Make
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "scanned at the harbour office", zip=True)
    filegen.scan_image(SCAN_LINES, size=SMALL_PAGE).save(path, dpi=(300, 300), exif=exif, pnginfo=info)
    options = ParseOptions(threads=2) if deskew else ParseOptions(threads=2, clean="none", deskew=False,
                                                                   rotate_pages=False)
    result = _parse(path, options, workdir)
    expected = images.extract_metadata(path)
    assert {"namespace": "exif", "prefix": "exif", "key": "Make", "value": "Harbour Scanners"} in expected
    assert {"namespace": "png", "prefix": "png", "key": "Comment", "value": "scanned at the harbour office"} in expected
    assert result.metadata == expected
