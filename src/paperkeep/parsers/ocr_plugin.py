"""An OCRmyPDF plugin that skips work OCRmyPDF would otherwise repeat.

* For image input, OCRmyPDF wraps the image in a PDF and then renders that PDF back into the very
  same pixels before OCR (and once more for the orientation preview). ``rasterize_pdf_page`` hands
  over the original pixels instead (a link when the file is already a PNG of the right kind),
  saving a render and an encode per page.
* With ``clean`` on, OCRmyPDF asks for the deskew angle of the same image twice (once for the page
  it shows, once for the image it recognises). ``PaperkeepTesseract.get_deskew`` measures it once,
  on a half-size copy, which gives the same angle in about half the time.

Everything else, and every request these shortcuts do not fit, falls through to OCRmyPDF.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine
from PIL import Image

logger = logging.getLogger(__name__)

_DEVICE_MODES = {"pnggray": ("L", "PNG"), "png16m": ("RGB", "PNG"), "jpeggray": ("L", "JPEG")}
_DPI_TOLERANCE = 0.005
_EXIF_ORIENTATION = 0x0112

_deskew_lock = threading.Lock()
_deskew_cache: dict[tuple[str, int, int], float] = {}
_DESKEW_CACHE_SIZE = 64


@hookimpl
def rasterize_pdf_page(
    input_file: Path,
    output_file: Path,
    raster_device: Any,
    raster_dpi: Any,
    pageno: int,
    page_dpi: Any,
    rotation: int | None,
    filter_vector: bool,
    stop_on_soft_error: bool,
    options: Any,
    use_cropbox: bool,
) -> Path | None:
    """Write the original image's pixels for page ``pageno`` when that is exactly what was asked."""
    source = _image_source(options)
    mode, fmt = _DEVICE_MODES.get(str(getattr(raster_device, "value", raster_device)).lower(), ("", ""))
    if source is None or not mode or rotation or filter_vector:
        return None
    try:
        with Image.open(source) as im:
            if pageno > getattr(im, "n_frames", 1) or im.getexif().get(_EXIF_ORIENTATION, 1) != 1:
                return None
            im.seek(pageno - 1)
            dpi = _image_dpi(im, options)
            if dpi is None or not _close(float(raster_dpi.x), dpi) or not _close(float(raster_dpi.y), dpi):
                return None
            out_dpi = page_dpi if page_dpi else raster_dpi
            dpi_pair = (float(out_dpi.x), float(out_dpi.y))
            if fmt == "PNG" and _can_link(im, mode, dpi_pair):
                os.symlink(source, output_file)
                return Path(output_file)
            frame = im.convert(mode)
        if fmt == "PNG":
            # Level 1 compression: the file lives for seconds and is read once or twice.
            frame.save(output_file, "PNG", dpi=dpi_pair, compress_level=1)
        else:
            frame.save(output_file, "JPEG", dpi=dpi_pair)
    except (OSError, ValueError, EOFError):
        logger.debug("Falling back to OCRmyPDF's rasteriser for page %d of %s", pageno, source, exc_info=True)
        return None
    return Path(output_file)


class PaperkeepTesseract(TesseractOcrEngine):
    """Tesseract, with the deskew angle measured once per image, on a half-size copy."""

    @staticmethod
    def get_deskew(input_file: Path, options: Any) -> float:
        """Return the deskew angle in degrees."""
        stat = Path(input_file).stat()
        key = (str(Path(input_file).resolve()), stat.st_mtime_ns, stat.st_size)
        with _deskew_lock:
            if key in _deskew_cache:
                return _deskew_cache[key]
        angle = TesseractOcrEngine.get_deskew(_half_size(Path(input_file)), options)
        with _deskew_lock:
            if len(_deskew_cache) >= _DESKEW_CACHE_SIZE:
                _deskew_cache.clear()
            _deskew_cache[key] = angle
        return float(angle)


@hookimpl
def get_ocr_engine(options: Any) -> TesseractOcrEngine | None:
    """Use PaperkeepTesseract wherever OCRmyPDF would use Tesseract."""
    if options is not None and getattr(options, "ocr_engine", "auto") not in ("auto", "tesseract"):
        return None
    return PaperkeepTesseract()


def _image_source(options: Any) -> Path | None:
    source = getattr(options, "input_file", None)
    if not isinstance(source, str | os.PathLike):
        return None
    path = Path(source)
    if path.suffix.lower() == ".pdf":
        return None
    try:
        with path.open("rb") as fh:
            if fh.read(5) == b"%PDF-":
                return None
    except OSError:
        return None
    return path.resolve()


def _image_dpi(im: Image.Image, options: Any) -> float | None:
    dpi = im.info.get("dpi")
    if dpi and float(dpi[0]) > 1 and _close(float(dpi[0]), float(dpi[1])):
        return float(dpi[0])
    image_dpi = getattr(options, "image_dpi", None)
    return float(image_dpi) if image_dpi else None


def _can_link(im: Image.Image, mode: str, dpi: tuple[float, float]) -> bool:
    stored = im.info.get("dpi")
    return (
        im.format == "PNG"
        and getattr(im, "n_frames", 1) == 1
        and im.mode == mode
        and stored is not None
        and _close(float(stored[0]), dpi[0])
        and _close(float(stored[1]), dpi[1])
    )


def _half_size(path: Path) -> Path:
    out = path.with_name(f"{path.stem}_deskew_half.png")
    with Image.open(path) as im:
        dpi = im.info.get("dpi", (300, 300))
        small = im.reduce(2) if min(im.size) >= 1200 else im.copy()
        scale = 2 if small.size != im.size else 1
        small.save(out, "PNG", dpi=(float(dpi[0]) / scale, float(dpi[1]) / scale), compress_level=1)
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(a, b) * _DPI_TOLERANCE
