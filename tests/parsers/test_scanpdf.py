"""Scanned PDFs (a full-page image per page, nothing else) are prepared like image files; other PDFs are not."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import img2pdf
import pikepdf
import pytest
from PIL import Image, ImageChops

from paperkeep.parsers import ParseOptions, ParseResult, get_parser, scanpdf
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SCAN_WORDS, SMALL_PAGE
from tests.parsers.helpers import assert_words, pdfa_part


def _parse(path: Path, options: ParseOptions, workdir: Path) -> ParseResult:
    parser = get_parser("application/pdf")
    assert parser is not None
    return parser.parse(path, "application/pdf", options, workdir)


def test_scanner_pdf_is_its_page_images(tmp_path: Path) -> None:
    """GIVEN a two-page PDF of scanned images, as scanners write them
    WHEN its page images are asked for
    THEN there are two, at 300 dpi, and page 2 decodes to exactly the second scan's pixels."""
    scans = [filegen.scan_file(tmp_path / f"{n}.png", lines, size=SMALL_PAGE)
             for n, lines in enumerate([SCAN_LINES, ["Second page Walrus"]])]
    path = tmp_path / "scan.pdf"
    path.write_bytes(img2pdf.convert([str(scan) for scan in scans]))
    pages = scanpdf.scanned_pages(path)
    assert pages is not None and len(pages) == 2
    frame = pages.load(1)
    assert round(frame.dpi) == 300 and not frame.jpeg
    with Image.open(scans[1]) as expected:
        assert ImageChops.difference(frame.image, expected).getbbox() is None


def _with_text(path: Path) -> Path:
    return filegen.scan_pdf(path, [SCAN_LINES], size=SMALL_PAGE, hidden_text="invisible words")


def _born_digital(path: Path) -> Path:
    return filegen.text_pdf(path, [SCAN_LINES])


def _turned(path: Path) -> Path:
    filegen.scan_pdf(path, [SCAN_LINES], size=SMALL_PAGE)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj["/Rotate"] = 90
        pdf.save(path)
    return path


def _with_form(path: Path) -> Path:
    filegen.scan_pdf(path, [SCAN_LINES], size=SMALL_PAGE)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array()))
        pdf.save(path)
    return path


@pytest.mark.parametrize("make", [_with_text, _born_digital, _turned, _with_form])
def test_pdfs_that_are_more_than_images_are_left_to_ocrmypdf(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    """GIVEN a PDF with a text layer, a born-digital PDF, a scan whose page is turned, and a scan with a form
    WHEN its page images are asked for
    THEN there are none: OCRmyPDF handles such PDFs."""
    assert scanpdf.scanned_pages(make(tmp_path / "doc.pdf")) is None


def test_scanned_pdf_is_recognised_into_pdfa_with_its_title(tmp_path: Path, workdir: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """GIVEN a two-page scanned PDF with a title
    WHEN it is parsed with the defaults
    THEN its pages were prepared as images, both pages' words are found, and the archive is a two-page
    PDF/A-2B of the same page size and title."""
    path = filegen.scan_pdf(tmp_path / "scan.pdf", [[*SCAN_LINES, "Paragraph about fees"], ["Second page Walrus"]],
                            size=SMALL_PAGE, angle=1.5)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Title"] = "Harbour statement"
        pdf.save(path)
        box = [float(v) for v in pdf.pages[0].mediabox]
    with caplog.at_level(logging.DEBUG, logger="paperkeep.parsers.raster"):
        result = _parse(path, ParseOptions(threads=2), workdir)
    assert "Preparing 2 pages" in caplog.text
    assert_words(result.text, [*SCAN_WORDS, "Walrus"])
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"
    with pikepdf.open(result.archive_path) as archive:
        assert len(archive.pages) == 2 and str(archive.docinfo["/Title"]) == "Harbour statement"
        assert [round(float(v), 1) for v in archive.pages[0].mediabox] == [round(v, 1) for v in box]


def test_jpeg_pages_stay_jpeg(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a scanned PDF whose page is a JPEG
    WHEN it is parsed with the defaults
    THEN the archive page image is a JPEG again (as OCRmyPDF keeps JPEG pages) and the words are found."""
    jpeg = filegen.scan_file(tmp_path / "page.jpg", [*SCAN_LINES, "Paragraph about fees"], size=SMALL_PAGE, angle=2.0)
    path = tmp_path / "scan.pdf"
    path.write_bytes(img2pdf.convert(str(jpeg)))
    assert scanpdf.scanned_pages(path) is not None
    result = _parse(path, ParseOptions(), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is not None
    with pikepdf.open(result.archive_path) as archive:
        filters = [pikepdf.PdfImage(image).filters for image in archive.pages[0].get_images().values()]
    assert filters == [["/DCTDecode"]]


def test_force_mode_on_a_scanned_pdf(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a scanned PDF whose page is a JPEG
    WHEN it is parsed in force mode with the defaults
    THEN the words are found and the archive holds one page image, still a JPEG."""
    jpeg = filegen.scan_file(tmp_path / "page.jpg", [*SCAN_LINES, "Paragraph about fees"], size=SMALL_PAGE, angle=2.0)
    path = tmp_path / "scan.pdf"
    path.write_bytes(img2pdf.convert(str(jpeg)))
    result = _parse(path, ParseOptions(mode="force"), workdir)
    assert_words(result.text, SCAN_WORDS)
    assert result.archive_path is not None
    with pikepdf.open(result.archive_path) as archive:
        filters = [pikepdf.PdfImage(image).filters for image in archive.pages[0].get_images().values()]
    assert filters == [["/DCTDecode"]]
