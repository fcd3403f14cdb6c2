"""Page images for OCR: frames in the mode OCRmyPDF would rasterise, deskew rotation, unpaper, fast files.

Each step does to a page image what OCRmyPDF's own preprocessing does (the same rotation geometry, the
same unpaper clean-up), only without the intermediate PNG encodes, with unpaper's two active filters run
in-process, and with the deskew rotation resampled nearest-neighbour (same geometry, a tenth of the time).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageColor, ImageOps

from paperkeep.parsers import cleanfilters, images

# OCRmyPDF's unpaper arguments for --clean (ocrmypdf._exec.unpaper.clean); with --layout none only the noise
# and blur filters act, and they only ever turn pixels white.
UNPAPER_ARGS = (
    "--layout", "none", "--mask-scan-size", "100", "--no-border-align", "--no-mask-center", "--no-grayfilter",
    "--no-blackfilter", "--no-deskew",
)  # fmt: skip
UNPAPER_PIXEL_LIMIT = 256 * 1024 * 1024
UNPAPER_TIMEOUT = 180.0
# OCRmyPDF renders the orientation preview at no more than 300 dpi.
PREVIEW_MAX_DPI = 300.0
# The deskew angle is measured on a half-size copy when the page is at least this many pixels on its short side.
HALF_SIZE_MIN_SIDE = 1200

_EXIF_ORIENTATION = 0x0112
_TRANSPOSE = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


@dataclass(frozen=True)
class Frame:
    """One page of an image file, decoded, upright as stored (EXIF applied), with its resolution."""

    image: Image.Image
    dpi: float
    jpeg: bool  # the source was a JPEG: the archive page stays JPEG, as OCRmyPDF keeps it


class PageImages(Protocol):
    """Where a document's page images come from: an image file, or the page images of a scanned PDF."""

    def __len__(self) -> int: ...

    def load(self, index: int) -> Frame:
        """Decode page ``index`` (0-based)."""
        ...

    def as_is(self, index: int) -> Path | None:
        """Return a file Tesseract reads exactly as the decoded page, if there is one."""
        ...


class ImageFile:
    """The frames of an image file (PNG, JPEG, TIFF, ...), at the resolution it stores or the one given."""

    def __init__(self, path: Path, frames: int, dpi: float) -> None:
        self.path, self.frames, self.dpi = path, frames, dpi
        # The file's metadata records, read from the first frame once it is decoded (images.metadata_records).
        self.metadata: Future[list[dict[str, str]]] = Future()

    def __len__(self) -> int:
        return self.frames

    def load(self, index: int) -> Frame:
        """Decode frame ``index``; the first also yields the file's metadata records."""
        return load_frame(self.path, index, self.dpi, self._keep_metadata if index == 0 else None)

    def _keep_metadata(self, im: Image.Image) -> None:
        if self.metadata.done():
            return
        try:
            self.metadata.set_result(images.metadata_records(im))
        except Exception as exc:  # reported by whoever waits; the frame itself is fine
            self.metadata.set_exception(exc)

    def as_is(self, index: int) -> Path | None:
        """Return the file itself when it is one frame Tesseract reads as decoded."""
        return self.path if self.frames == 1 and readable_as_is(self.path, self.dpi) else None


def load_frame(path: Path, index: int, dpi: float,
               opened: Callable[[Image.Image], None] | None = None) -> Frame:
    """Decode page ``index`` of an image file in the mode OCRmyPDF rasterises it in (1-bit, gray or RGB);
    ``opened`` is called with the open file once the frame is decoded."""
    with Image.open(path) as im:
        jpeg = im.format == "JPEG"
        im.seek(index)
        page = ImageOps.exif_transpose(im) if im.getexif().get(_EXIF_ORIENTATION, 1) != 1 else im
        frame = Frame(image=working_mode(page), dpi=dpi, jpeg=jpeg)
        if opened is not None:
            opened(im)
        return frame


def readable_as_is(path: Path, dpi: float) -> bool:
    """Return whether Tesseract reads the file as it is exactly as the decoded page (one frame, stored dpi)."""
    try:
        with Image.open(path) as im:
            stored = im.info.get("dpi")
            return (
                im.format in ("PNG", "JPEG", "TIFF")
                and getattr(im, "n_frames", 1) == 1
                and im.mode in ("1", "L", "RGB")
                and im.getexif().get(_EXIF_ORIENTATION, 1) == 1
                and stored is not None
                and abs(float(stored[0]) - dpi) < 1
                and abs(float(stored[1]) - dpi) < 1
            )
    except (OSError, ValueError, TypeError, IndexError):
        return False


def orient(image: Image.Image, correction: int) -> Image.Image:
    """Turn the page by OCRmyPDF's orientation correction (counter-clockwise degrees)."""
    return image.transpose(_TRANSPOSE[correction]) if correction in _TRANSPOSE else image


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    """Deskew: rotate about the centre by ``degrees`` (counter-clockwise), white corners, same size.

    The geometry of OCRmyPDF's deskew (so the text layer lines up with the page), resampled nearest-neighbour
    instead of bicubic: a tenth of the time (about 0.02 s for an A4 page at 300 dpi, against 0.25 s). For the
    small angles a deskew corrects, this moves each pixel whole, as a rotation by shears does: edges keep their
    sharpness and gain steps of one pixel, invisible at scan resolutions; Tesseract, which binarises the page
    first, finds the same words.
    """
    if not degrees:
        return image
    return image.rotate(degrees, resample=Image.Resampling.NEAREST, fillcolor=ImageColor.getcolor("white", image.mode))


def preview(image: Image.Image, dpi: float) -> Image.Image:
    """Return the grayscale page OCRmyPDF shows Tesseract for orientation detection (at most 300 dpi)."""
    gray = image if image.mode == "L" else image.convert("L")
    if dpi <= PREVIEW_MAX_DPI * 1.01:
        return gray
    scale = PREVIEW_MAX_DPI / dpi
    return gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))),
                       Image.Resampling.LANCZOS)


def half_size(image: Image.Image, dpi: float) -> tuple[Image.Image, float]:
    """Return a half-size copy for measuring the deskew angle (the same angle, about half the time)."""
    if min(image.size) < HALF_SIZE_MIN_SIDE:
        return image, dpi
    small = image.convert("L").reduce(2) if image.mode == "1" else image.reduce(2)
    return small, dpi / 2


def unpaper(image: Image.Image, dpi: float, spare_core: bool = False) -> Image.Image:
    """Clean the page as OCRmyPDF's --clean does; the page unchanged when it is too large for unpaper.

    Grayscale, 1-bit and RGB pages are cleaned in-process (``cleanfilters``: the same pixels in a fraction of
    the time, on two cores with ``spare_core``); any other mode goes to the ``unpaper`` program.
    """
    if image.width * image.height >= UNPAPER_PIXEL_LIMIT:
        return image
    if image.mode in ("L", "1", "RGB"):
        return cleanfilters.clean(image, spare_core)
    return _unpaper(image, dpi)


def _unpaper(image: Image.Image, dpi: float) -> Image.Image:
    with tempfile.TemporaryDirectory(prefix="paperkeep-unpaper-") as tmp:
        source, target = Path(tmp) / f"in{_pnm_suffix(image)}", Path(tmp) / "out.pnm"
        image.save(source)
        subprocess.run(["unpaper", "-v", "--dpi", str(round(dpi, 6)), *UNPAPER_ARGS, str(source), str(target)],
                       cwd=tmp, check=True, capture_output=True, timeout=UNPAPER_TIMEOUT)
        with Image.open(target) as cleaned:
            cleaned.load()
            return cleaned if cleaned.mode == image.mode else cleaned.convert(image.mode)


def save_for_tools(image: Image.Image, path: Path, dpi: float) -> Path:
    """Write an uncompressed TIFF that carries the resolution (Tesseract reads it in no time)."""
    # Pillow keeps per-save encoder settings on the image object, so two threads saving the same page at once
    # can hand each other's settings to the encoder ("function takes at most 4 arguments"): save a private copy.
    image.copy().save(path, "TIFF", dpi=(dpi, dpi))
    return path


def save_page(image: Image.Image, path_stem: Path, dpi: float, jpeg: bool) -> Path:
    """Write the archive page image as OCRmyPDF would: JPEG if the source was JPEG, else PNG."""
    private = image.copy()  # see save_for_tools: never save one image object from two threads
    if jpeg and image.mode != "1":
        path = path_stem.with_suffix(".jpg")
        private.save(path, "JPEG", dpi=(round(dpi), round(dpi)))
    else:
        path = path_stem.with_suffix(".png")
        private.save(path, "PNG", dpi=(dpi, dpi))
    return path


def working_mode(image: Image.Image) -> Image.Image:
    """Return the page in the mode OCRmyPDF would rasterise it in: 1-bit, gray or RGB (a copy)."""
    if image.mode in ("1", "L", "RGB"):
        return image.copy()
    if image.mode == "P" and _gray_palette(image):
        return image.convert("L")
    if image.mode in ("I", "I;16", "F") or image.mode.startswith("I;"):
        return image.convert("L")
    return image.convert("RGB")


def _gray_palette(image: Image.Image) -> bool:
    palette = image.getpalette() or []
    return all(palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette) - 2, 3))


def _pnm_suffix(image: Image.Image) -> str:
    return {"1": ".pbm", "L": ".pgm"}.get(image.mode, ".ppm")
