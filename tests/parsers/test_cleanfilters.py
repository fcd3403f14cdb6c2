"""The in-process clean-up gives exactly the pixels of the unpaper program run with OCRmyPDF's --clean arguments."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageChops, ImageDraw

from paperkeep.parsers import cleanfilters
from paperkeep.parsers.pageprep import _unpaper
from tests import filegen
from tests.parsers.conftest import SCAN_LINES


def _specked(size: tuple[int, int], seed: int) -> Image.Image:
    """A scan with specks of 1-7 pixels (some touching, some at the edges), bars and light-gray patches."""
    rng = random.Random(seed)
    page = filegen.scan_image(SCAN_LINES, size=size, angle=1.7, noise=14, seed=seed)
    draw = ImageDraw.Draw(page)
    for _ in range(size[0] * size[1] // 600):
        x, y = rng.randrange(-2, size[0] + 2), rng.randrange(-2, size[1] + 2)
        for _ in range(rng.randint(1, 7)):
            draw.point((x + rng.randint(-2, 2), y + rng.randint(-2, 2)), fill=rng.randint(0, 240))
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle((x, y, x + rng.randint(1, 60), y + rng.randint(1, 6)), fill=rng.randint(0, 200))
    for _ in range(8):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        for _ in range(300):
            draw.point((x + rng.randint(0, 150), y + rng.randint(0, 150)), fill=rng.choice([100, 200, 228, 229, 230]))
    return page


def _same(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


@pytest.mark.parametrize("size", [(1240, 900), (777, 555), (95, 130)])
def test_grayscale_page_matches_unpaper(size: tuple[int, int]) -> None:
    """GIVEN a grayscale scan full of specks, bars and light patches, of a size that is no multiple of 100
    WHEN it is cleaned in-process and by the unpaper program with OCRmyPDF's arguments
    THEN unpaper changed pixels, and the two results are identical pixel for pixel."""
    page = _specked(size, seed=size[0])
    reference = _unpaper(page, 300)
    assert not _same(reference, page)
    assert _same(cleanfilters.clean(page), reference)


def test_one_bit_page_matches_unpaper() -> None:
    """GIVEN a 1-bit scan with specks
    WHEN it is cleaned in-process and by unpaper
    THEN the results are identical and still 1-bit."""
    page = _specked((640, 480), seed=9).point(lambda v: 255 if v > 128 else 0).convert("1", dither=Image.Dither.NONE)
    ours = cleanfilters.clean(page)
    assert ours.mode == "1"
    assert _same(ours, _unpaper(page, 300))


def test_colour_page_matches_unpaper() -> None:
    """GIVEN an RGB scan with specks whose channels straddle the white threshold (229) differently
    WHEN it is cleaned in-process and by unpaper
    THEN unpaper changed pixels, and the results are identical and still RGB."""
    rng = random.Random(5)
    page = _specked((700, 520), seed=5).convert("RGB")
    draw = ImageDraw.Draw(page)
    for _ in range(1500):
        x, y = rng.randrange(700), rng.randrange(520)
        draw.point((x, y), fill=tuple(rng.choice([0, 120, 228, 229, 230, 255]) for _ in range(3)))
    reference = _unpaper(page, 300)
    ours = cleanfilters.clean(page)
    assert ours.mode == "RGB" and not _same(reference, page)
    assert ImageChops.difference(ours, reference).getbbox() is None


def test_other_modes_are_refused() -> None:
    """GIVEN a CMYK page
    WHEN it is cleaned in-process
    THEN ValueError says so (such pages go to the unpaper program)."""
    with pytest.raises(ValueError, match="CMYK"):
        cleanfilters.clean(Image.new("CMYK", (200, 200)))


def test_colour_pixels_count_by_their_integer_mean() -> None:
    """GIVEN a white colour page with a patch of 110 pixels of (230, 230, 229), whose integer channel mean is 229
    WHEN it is cleaned in-process and by unpaper
    THEN the patch stays, as in unpaper: its block holds more than 1% pixels at or below the threshold."""
    page = Image.new("RGB", (600, 400), (255, 255, 255))
    ImageDraw.Draw(page).rectangle((240, 240, 249, 250), fill=(230, 230, 229))  # in a row of blocks unpaper clears
    reference = _unpaper(page, 300)
    assert ImageChops.difference(reference, page).getbbox() is None
    assert ImageChops.difference(cleanfilters.clean(page), reference).getbbox() is None


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_two_threads_give_unpapers_pixels(mode: str) -> None:
    """GIVEN a specked scan (gray or colour) with clusters straddling the middle row
    WHEN it is cleaned in-process with a spare core (the whole-page passes in two bands at once)
    THEN the result is unpaper's, pixel for pixel."""
    page = _specked((900, 1201), seed=21)
    draw = ImageDraw.Draw(page)
    for x in range(20, 880, 37):  # 1-4 pixel clusters across rows 598-602
        draw.rectangle((x, 598 + x % 3, x + x % 2, 600 + x % 3), fill=40)
    page = page.convert(mode)
    reference = _unpaper(page, 300)
    assert ImageChops.difference(cleanfilters.clean(page, spare_core=True), reference).getbbox() is None


def test_lone_specks_and_small_clusters_are_cleared_larger_ones_kept() -> None:
    """GIVEN a white page with a lone dark pixel, a 2 x 2 cluster (4 pixels) and a 5-pixel cluster
    WHEN it is cleaned in-process
    THEN the lone pixel and the 4-pixel cluster are white, the 5-pixel cluster stays, as unpaper does."""
    page = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(page)
    draw.point((40, 40), fill=0)
    draw.rectangle((100, 100, 101, 101), fill=0)
    draw.rectangle((200, 200, 204, 200), fill=0)
    ImageDraw.Draw(page).rectangle((0, 250, 399, 299), fill=0)  # keeps the blur filter from clearing everything
    ours = cleanfilters.clean(page)
    assert ours.getpixel((40, 40)) == 255 and ours.getpixel((100, 100)) == 255
    assert ours.getpixel((202, 200)) == 0
    assert ImageChops.difference(ours, _unpaper(page, 300)).getbbox() is None
