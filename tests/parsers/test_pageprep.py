"""Page images for OCR: the same rotation as OCRmyPDF's deskew, frames in the right mode, files Tesseract reads."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from paperkeep.parsers import pageprep
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SMALL_PAGE


def test_rotation_has_the_geometry_of_ocrmypdfs_deskew() -> None:
    """GIVEN a scan
    WHEN it is rotated by 2.3 degrees
    THEN it keeps its size and white corners, and it is closer to Pillow's bicubic rotation by 2.3 degrees
    (OCRmyPDF's deskew) than to that rotation moved by one pixel or to a rotation by 1.9 degrees."""
    page = filegen.scan_image(SCAN_LINES, size=SMALL_PAGE)
    ours = pageprep.rotate(page, 2.3)
    assert ours.size == page.size and ours.getpixel((0, 0)) == ours.getpixel((ours.width - 1, ours.height - 1)) == 255
    theirs = page.rotate(2.3, resample=Image.Resampling.BICUBIC, fillcolor=255)
    others = [ImageChops.offset(theirs, 1, 0), ImageChops.offset(theirs, 0, 1), ImageChops.offset(theirs, -1, -1),
              page.rotate(1.9, resample=Image.Resampling.BICUBIC, fillcolor=255)]
    assert all(_distance(ours, theirs) < 0.7 * _distance(ours, other) for other in others)


def _distance(one: Image.Image, other: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(one, other)).mean[0]


def test_no_angle_returns_the_same_image() -> None:
    """GIVEN a scan
    WHEN it is rotated by 0 degrees
    THEN the very same image comes back (nothing to encode again)."""
    page = filegen.scan_image(SCAN_LINES, size=SMALL_PAGE)
    assert pageprep.rotate(page, 0.0) is page


def test_gray_palette_frame_is_loaded_as_grayscale(tmp_path: Path) -> None:
    """GIVEN a GIF (palette image) of a gray scan
    WHEN its frame is loaded
    THEN it is a grayscale image of the same size, with the resolution given."""
    path = filegen.scan_file(tmp_path / "scan.gif", SCAN_LINES, size=SMALL_PAGE)
    frame = pageprep.load_frame(path, 0, 300.0)
    assert frame.image.mode == "L" and frame.image.size == SMALL_PAGE and frame.dpi == 300.0
    assert not frame.jpeg


def test_second_tiff_frame(tmp_path: Path) -> None:
    """GIVEN a two-page TIFF
    WHEN frame 1 is loaded
    THEN it is the second page's pixels."""
    path = filegen.scan_tiff(tmp_path / "two.tiff", [["one"], ["two"]], size=SMALL_PAGE)
    with Image.open(path) as tiff:
        tiff.seek(1)
        second = tiff.convert("L")
    assert ImageChops.difference(pageprep.load_frame(path, 1, 300.0).image, second).getbbox() is None


def test_png_with_resolution_is_read_as_is(tmp_path: Path) -> None:
    """GIVEN a grayscale PNG that stores 300 dpi, one without a resolution, and a two-page TIFF
    WHEN asked whether Tesseract can read them as they are at 300 dpi
    THEN only the first qualifies."""
    with_dpi = filegen.scan_file(tmp_path / "a.png", SCAN_LINES, size=SMALL_PAGE)
    without = filegen.scan_file(tmp_path / "b.png", SCAN_LINES, size=SMALL_PAGE, dpi=None)
    pages = filegen.scan_tiff(tmp_path / "c.tiff", [["one"], ["two"]], size=SMALL_PAGE)
    assert pageprep.readable_as_is(with_dpi, 300.0)
    assert not pageprep.readable_as_is(without, 300.0)
    assert not pageprep.readable_as_is(pages, 300.0)


def test_jpeg_page_is_saved_as_jpeg_and_others_as_png(tmp_path: Path) -> None:
    """GIVEN a page from a JPEG and one from a PNG
    WHEN they are saved for the archive
    THEN the first is a JPEG and the second a PNG, both at the page's resolution."""
    page = filegen.scan_image(SCAN_LINES, size=SMALL_PAGE)
    jpeg = pageprep.save_page(page, tmp_path / "a", 300.0, jpeg=True)
    png = pageprep.save_page(page, tmp_path / "b", 300.0, jpeg=False)
    with Image.open(jpeg) as a, Image.open(png) as b:
        assert a.format == "JPEG" and b.format == "PNG"
        assert round(a.info["dpi"][0]) == 300 and round(b.info["dpi"][0]) == 300
