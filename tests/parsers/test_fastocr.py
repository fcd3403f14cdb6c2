"""Image pages are prepared and recognised by fastocr: orientation asked only when needed, text as bare Tesseract's."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from paperkeep.parsers import ParseOptions, cleanfilters, fastocr, pageprep
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SCAN_WORDS, SMALL_PAGE
from tests.parsers.helpers import assert_words

# A full page of text, enough for Tesseract's orientation detection to be sure.
LETTER = [*SCAN_LINES, *[f"Paragraph {n} with ordinary words about harbour fees and the meter" for n in range(14)]]


@contextmanager
def _prepared(path: Path, workdir: Path, options: ParseOptions, frames: int = 1) -> Iterator[fastocr.Preparation]:
    work = fastocr.Preparation(pageprep.ImageFile(path, frames, 300.0), options, workdir)
    try:
        yield work
    finally:
        work.close()


def _text(page: fastocr.PreparedPage) -> str:
    assert page.text is not None and page.pdf is not None
    return page.text.read_text("utf-8")


def test_upright_page_is_not_asked_for_its_orientation(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an upright, slightly skewed, noisy scan
    WHEN it is prepared with Paperless's defaults (clean, deskew, rotate pages)
    THEN its words are recognised, it is not turned, and orientation detection never ran."""
    path = filegen.scan_file(tmp_path / "scan.png", SCAN_LINES, size=SMALL_PAGE, angle=1.2)
    with _prepared(path, workdir, ParseOptions()) as work:
        page = work.page(0)
        assert_words(_text(page), SCAN_WORDS)
        assert page.correction == 0 and not page.orientation_asked


def test_page_read_is_cleaned_and_archive_page_is_not(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a skewed scan with specks of noise, and a core to spare
    WHEN it is prepared with Paperless's defaults (clean, not clean-final)
    THEN the page Tesseract read has lost nearly all lone dark pixels, the archive page kept most of them, and
    both are deskewed alike (the text layer lines up with the archive page)."""
    path = filegen.scan_file(tmp_path / "scan.png", LETTER, size=SMALL_PAGE, angle=1.2, noise=12)
    with _prepared(path, workdir, ParseOptions(threads=2)) as work:
        page = work.page(0)
        assert page.image is not None
        with Image.open(path) as source, Image.open(page.ocr_image) as read, Image.open(page.image) as archive:
            specks = _lone_dark_pixels(source.convert("L"))
            assert specks > 50
            assert _lone_dark_pixels(read.convert("L")) < specks / 20
            assert _lone_dark_pixels(archive.convert("L")) > specks / 2
            ink_read = read.convert("L").point(lambda value: 255 if value < 96 else 0)
            ink_archive = archive.convert("L").point(lambda value: 255 if value < 96 else 0)
            assert ImageStat.Stat(ImageChops.multiply(ink_read, ink_archive)).sum[0] > 0.9 * ImageStat.Stat(
                ink_read).sum[0]


def test_straight_page_keeps_its_own_archive_page(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a scan with no skew and specks of noise, and a core to spare
    WHEN it is prepared with Paperless's defaults
    THEN Tesseract read a cleaned page, and the archive page is the source's own (no image written)."""
    path = filegen.scan_file(tmp_path / "scan.png", LETTER, size=SMALL_PAGE, angle=0.0, noise=12)
    with _prepared(path, workdir, ParseOptions(threads=2)) as work:
        page = work.page(0)
        assert page.image is None
        with Image.open(path) as source, Image.open(page.ocr_image) as read:
            assert _lone_dark_pixels(read.convert("L")) < _lone_dark_pixels(source.convert("L")) / 20


def _lone_dark_pixels(image: Image.Image) -> int:
    return sum(1 for _, neighbours in cleanfilters._candidates(image, image, 0, image.height) if neighbours == 0)


def test_unchanged_page_reads_as_bare_tesseract(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a scan, and clean and deskew off (rotate pages on)
    WHEN it is prepared
    THEN Tesseract read the file itself and the text is exactly bare `tesseract FILE OUT -l eng`'s."""
    path = filegen.scan_file(tmp_path / "scan.png", SCAN_LINES, size=SMALL_PAGE)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", str(path), str(tmp_path / "bare"), "-l", "eng"], check=True, capture_output=True,
                   env=env)
    with _prepared(path, workdir, ParseOptions(clean="none", deskew=False)) as work:
        page = work.page(0)
        assert page.ocr_image == path and page.image is None
        assert _text(page) == (tmp_path / "bare.txt").read_text("utf-8")


@pytest.mark.slow
def test_upside_down_page_is_turned(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a full page of text scanned upside down (and 1 degree askew)
    WHEN it is prepared with the defaults
    THEN it did not read upright, orientation detection turned it by 180 degrees, and its words are recognised."""
    image = filegen.scan_image(LETTER, angle=1.0).rotate(180)
    path = tmp_path / "upside-down.png"
    image.save(path, dpi=(300, 300))
    with _prepared(path, workdir, ParseOptions()) as work:
        page = work.page(0)
        assert page.orientation_asked and page.correction == 180
        assert_words(_text(page), SCAN_WORDS)


@pytest.mark.slow
def test_page_on_its_side_is_turned_before_recognition(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a full page of text lying on its side (turned clockwise)
    WHEN it is prepared with the defaults
    THEN it is turned back counter-clockwise by 90 degrees and its words are recognised."""
    path = tmp_path / "side.png"
    filegen.scan_image(LETTER, angle=0.6).rotate(-90, expand=True).save(path, dpi=(300, 300))
    with _prepared(path, workdir, ParseOptions()) as work:
        page = work.page(0)
        assert page.orientation_asked and page.correction == 90
        assert_words(_text(page), SCAN_WORDS)
        assert page.image is not None
        with Image.open(page.image) as archived:
            assert archived.width < archived.height


def test_pages_of_a_tiff_are_prepared_in_parallel(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a two-page TIFF and two threads
    WHEN it is prepared with the defaults
    THEN each page has its own words."""
    path = filegen.scan_tiff(tmp_path / "two.tiff", [SCAN_LINES, ["Second page Walrus"]], size=SMALL_PAGE)
    with _prepared(path, workdir, ParseOptions(threads=2), frames=2) as work:
        first, second = work.page(0), work.page(1)
        assert_words(_text(first), SCAN_WORDS)
        assert "Walrus" in _text(second) and "Walrus" not in _text(first)


def test_user_args_that_change_preprocessing_are_left_to_ocrmypdf() -> None:
    """GIVEN user arguments with unpaper arguments, and others that only shape the output
    WHEN asked whether fastocr applies
    THEN it does not for the first and does for the second; nor with OCR off or pages beyond OCR_PAGES."""
    assert not fastocr.applies(ParseOptions(user_args={"unpaper_args": "--layout single"}), 1)
    assert fastocr.applies(ParseOptions(user_args={"output_type": "pdf", "optimize": 1}), 1)
    assert not fastocr.applies(ParseOptions(mode="off"), 1)
    assert not fastocr.applies(ParseOptions(pages=1), 2)


def test_colour_scan_is_recognised(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a colour (RGB) scan, slightly askew
    WHEN it is prepared with the defaults (cleaned in colour, as unpaper does)
    THEN its words are recognised."""
    path = filegen.scan_file(tmp_path / "colour.png", SCAN_LINES, size=SMALL_PAGE, angle=1.5, mode="RGB")
    with _prepared(path, workdir, ParseOptions()) as work:
        assert_words(_text(work.page(0)), SCAN_WORDS)


def test_exif_rotated_jpeg_is_read_upright(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a JPEG stored on its side with an EXIF orientation that turns it upright (as phones write them)
    WHEN it is prepared with clean, deskew and rotate pages off
    THEN Tesseract read the upright page, not the file as stored."""
    path = tmp_path / "phone.jpg"
    image = filegen.scan_image(SCAN_LINES, size=SMALL_PAGE).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # display turned 90 degrees clockwise
    image.save(path, "JPEG", dpi=(300, 300), exif=exif, quality=90)
    with _prepared(path, workdir, ParseOptions(clean="none", deskew=False, rotate_pages=False)) as work:
        page = work.page(0)
        assert page.ocr_image != path
        assert_words(_text(page), SCAN_WORDS)
