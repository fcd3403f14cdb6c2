"""The OCRmyPDF plugin hands over original pixels for image input, measures deskew once, reuses prepared pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ocrmypdf._options import OcrOptions
from ocrmypdf.api import setup_plugin_infrastructure
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine
from ocrmypdf.helpers import Resolution
from PIL import Image, ImageChops

from paperkeep.parsers.fastocr import PreparedPage
from paperkeep.parsers.ocr_plugin import PagesTurned, PaperkeepTesseract, prepared_pages, rasterize_pdf_page
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SMALL_PAGE


def _raster(source: Path, out: Path, device: str = "pnggray", dpi: float = 300.0, pageno: int = 1,
            rotation: int = 0) -> Path | None:
    options = OcrOptions(input_file=source, output_file=out.with_suffix(".pdf"))
    return rasterize_pdf_page(
        input_file=out.with_name("origin.pdf"), output_file=out, raster_device=device,
        raster_dpi=Resolution(dpi, dpi), pageno=pageno, page_dpi=None, rotation=rotation, filter_vector=False,
        stop_on_soft_error=True, options=options, use_cropbox=False,
    )


def test_gray_png_is_linked(tmp_path: Path) -> None:
    """GIVEN a grayscale 300 dpi PNG as OCR input
    WHEN OCRmyPDF asks for page 1 as pnggray at 300 dpi
    THEN the output is a link to the original file (no render, no encode)."""
    source = filegen.scan_file(tmp_path / "scan.png", ["hello"], size=SMALL_PAGE)
    out = _raster(source, tmp_path / "page.png")
    assert out is not None and out.is_symlink() and out.resolve() == source.resolve()


def test_jpeg_pixels_are_handed_over(tmp_path: Path) -> None:
    """GIVEN a 300 dpi JPEG as OCR input
    WHEN OCRmyPDF asks for page 1 as pnggray at 300 dpi
    THEN a PNG with exactly the JPEG's decoded pixels is written."""
    source = filegen.scan_file(tmp_path / "scan.jpg", ["hello"], size=SMALL_PAGE)
    out = _raster(source, tmp_path / "page.png")
    assert out is not None and not out.is_symlink()
    with Image.open(out) as written, Image.open(source) as original:
        assert written.format == "PNG" and written.size == SMALL_PAGE
        assert ImageChops.difference(written, original.convert("L")).getbbox() is None


def test_second_tiff_page(tmp_path: Path) -> None:
    """GIVEN a two-page TIFF
    WHEN OCRmyPDF asks for page 2
    THEN page 2's pixels are written; page 3 falls through to OCRmyPDF."""
    source = filegen.scan_tiff(tmp_path / "two.tiff", [["one"], ["two"]], size=SMALL_PAGE)
    out = _raster(source, tmp_path / "page2.png", pageno=2)
    assert out is not None
    with Image.open(source) as tiff, Image.open(out) as written:
        tiff.seek(1)
        assert ImageChops.difference(written, tiff.convert("L")).getbbox() is None
    assert _raster(source, tmp_path / "page3.png", pageno=3) is None


@pytest.mark.parametrize(("dpi", "rotation"), [(150.0, 0), (300.0, 90)])
def test_other_requests_fall_through(tmp_path: Path, dpi: float, rotation: int) -> None:
    """GIVEN a 300 dpi PNG
    WHEN OCRmyPDF asks for a different resolution or a rotated page
    THEN the plugin declines (returns None) so OCRmyPDF renders it."""
    source = filegen.scan_file(tmp_path / "scan.png", ["hello"], size=SMALL_PAGE)
    assert _raster(source, tmp_path / "page.png", dpi=dpi, rotation=rotation) is None


def test_pdf_input_falls_through(tmp_path: Path) -> None:
    """GIVEN a PDF as OCR input
    WHEN OCRmyPDF asks for a page
    THEN the plugin declines."""
    source = filegen.scan_pdf(tmp_path / "scan.pdf", [["hello"]], size=SMALL_PAGE)
    assert _raster(source, tmp_path / "page.png") is None


@pytest.mark.slow
def test_deskew_matches_full_size_and_is_measured_once(tmp_path: Path) -> None:
    """GIVEN a full-page scan rotated by 1.2 degrees
    WHEN the deskew angle is asked for twice
    THEN it agrees with Tesseract's full-size measure within 0.2 degrees, and the second answer is cached."""
    lines = [*SCAN_LINES, *[f"Line {n} of ordinary words about the harbour office fees" for n in range(20)]]
    source = filegen.scan_file(tmp_path / "skewed.png", lines, angle=1.2)
    setup_plugin_infrastructure(plugins=["paperkeep.parsers.ocr_plugin"])  # registers the tesseract options
    options = OcrOptions(input_file=source, output_file=tmp_path / "out.pdf")
    full = TesseractOcrEngine.get_deskew(source, options)
    half = PaperkeepTesseract.get_deskew(source, options)
    started = time.monotonic()
    again = PaperkeepTesseract.get_deskew(source, options)
    assert abs(half - full) < 0.2 and abs(abs(half) - 1.2) < 0.3
    assert again == half and time.monotonic() - started < 0.05


class _Pages:
    """Pages prepared elsewhere: what fastocr.Preparation offers the plugin."""

    def __init__(self, *pages: PreparedPage) -> None:
        self.pages = pages

    def __len__(self) -> int:
        return len(self.pages)

    def page(self, index: int) -> PreparedPage:
        return self.pages[index]


def _prepared_files(tmp_path: Path) -> PreparedPage:
    image = filegen.scan_file(tmp_path / "page.png", ["hello"], size=SMALL_PAGE)
    (tmp_path / "text.pdf").write_bytes(b"%PDF-1.5 text layer")
    (tmp_path / "text.txt").write_text("hello\n", "utf-8")
    return PreparedPage(ocr_image=image, image=image, pdf=tmp_path / "text.pdf", text=tmp_path / "text.txt")


def test_prepared_page_image_is_linked(tmp_path: Path) -> None:
    """GIVEN a prepared page registered for an input PDF
    WHEN OCRmyPDF asks for page 1 of that PDF
    THEN the output is a link to the prepared page image."""
    page = _prepared_files(tmp_path)
    origin = tmp_path / "pages.pdf"
    origin.write_bytes(b"%PDF-1.5")
    with prepared_pages(origin, _Pages(page), [page.image]):
        out = _raster(origin, tmp_path / "000001_rasterize.png")
    assert out is not None and out.is_symlink() and out.resolve() == page.image.resolve()


def test_prepared_text_layer_is_handed_over(tmp_path: Path) -> None:
    """GIVEN a recognised page registered for an input file
    WHEN OCRmyPDF's engine is asked for page 1's text-only PDF
    THEN it gets the prepared PDF and text without running Tesseract."""
    page = _prepared_files(tmp_path)
    options = OcrOptions(input_file=page.image, output_file=tmp_path / "out.pdf")
    with prepared_pages(page.image, _Pages(page), [page.image]):
        PaperkeepTesseract.generate_pdf(tmp_path / "000001_ocr.png", tmp_path / "o.pdf", tmp_path / "o.txt", options)
    assert (tmp_path / "o.pdf").read_bytes() == b"%PDF-1.5 text layer"
    assert (tmp_path / "o.txt").read_text("utf-8") == "hello\n"


def test_page_turned_after_the_input_was_made_stops_the_assembly(tmp_path: Path) -> None:
    """GIVEN an input made of a page image that preparation later replaced (the page was turned)
    WHEN OCRmyPDF's engine asks for that page's text
    THEN PagesTurned is raised, so the assembly starts again from the final images."""
    page = _prepared_files(tmp_path)
    first = filegen.scan_file(tmp_path / "first.png", ["hello"], size=SMALL_PAGE)
    options = OcrOptions(input_file=first, output_file=tmp_path / "out.pdf")
    with prepared_pages(first, _Pages(page), [first]), pytest.raises(PagesTurned):
        PaperkeepTesseract.generate_pdf(tmp_path / "000001_ocr.png", tmp_path / "o.pdf", tmp_path / "o.txt", options)


def test_tesseract_version_is_asked_once_per_process() -> None:
    """GIVEN the plugin loaded
    WHEN OCRmyPDF's own checks ask for Tesseract's version again and again
    THEN the tesseract program answered at most once; every later answer is the kept one, and it is real."""
    from ocrmypdf._exec import tesseract as program

    first = program.version()
    hits = program.version.cache_info().hits  # type: ignore[attr-defined]
    assert program.version() == first and program.has_thresholding() in (True, False)
    assert program.version.cache_info().hits >= hits + 2  # type: ignore[attr-defined]
    assert program.version.cache_info().misses <= 1  # type: ignore[attr-defined]
    assert str(first).startswith(("4.", "5."))
