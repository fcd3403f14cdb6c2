"""An OCRmyPDF plugin that skips work OCRmyPDF would otherwise repeat.

* For image input, OCRmyPDF wraps the image in a PDF and then renders that PDF back into the very
  same pixels before OCR (and once more for the orientation preview). ``rasterize_pdf_page`` hands
  over the original pixels instead (a link when the file is already a PNG of the right kind),
  saving a render and an encode per page.
* With ``clean`` on, OCRmyPDF asks for the deskew angle of the same image twice (once for the page
  it shows, once for the image it recognises). ``PaperkeepTesseract.get_deskew`` measures it once,
  on a half-size copy, which gives the same angle in about half the time.
* OCRmyPDF asks ``tesseract --version`` five times per run (its option checks, the thresholding check, the
  PDF's creator tag), each a process start of some 50 ms; the answer is kept for the life of the process.
* Pages that ``fastocr`` already prepared and recognised (registered with ``prepared_pages``) are not
  rendered or recognised again: the rasteriser links the prepared image and the engine hands over
  Tesseract's text layer, so OCRmyPDF only assembles the PDF/A.

Everything else, and every request these shortcuts do not fit, falls through to OCRmyPDF.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ocrmypdf import hookimpl
from ocrmypdf._exec import tesseract as _tesseract_program
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine
from PIL import Image

if TYPE_CHECKING:
    from paperkeep.parsers.fastocr import PreparedPage

logger = logging.getLogger(__name__)

_DEVICE_MODES = {"pnggray": ("L", "PNG"), "png16m": ("RGB", "PNG"), "jpeggray": ("L", "JPEG")}
_DPI_TOLERANCE = 0.005
_EXIF_ORIENTATION = 0x0112

_cache_lock = threading.Lock()
_deskew_cache: dict[tuple[str, int, int], float] = {}
_DESKEW_CACHE_SIZE = 64
_PAGE_FILE = re.compile(r"^(\d{6})_")

_languages: set[str] | None = None

_prepared_lock = threading.Lock()
_prepared: dict[str, _Registration] = {}


class PageSource(Protocol):
    """Pages prepared and recognised elsewhere (``fastocr.Preparation``)."""

    def __len__(self) -> int: ...

    def page(self, index: int) -> PreparedPage:
        """Wait for page ``index`` (0-based) and return it."""
        ...


class PagesTurned(Exception):
    """A page was turned after OCRmyPDF started on its first image; run OCRmyPDF again on the final images."""


@dataclass
class _Registration:
    source: PageSource
    images: tuple[Path | None, ...]  # the page images the input file was made of (None: the source's own)
    turned: bool = False


@contextmanager
def prepared_pages(input_file: Path, source: PageSource, images: Sequence[Path | None]) -> Iterator[None]:
    """While OCRmyPDF runs on ``input_file``, use these prepared pages instead of rendering and recognising."""
    key = str(Path(input_file).resolve())
    with _prepared_lock:
        _prepared[key] = _Registration(source, tuple(images))
    try:
        yield
    finally:
        with _prepared_lock:
            _prepared.pop(key, None)


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
    registration = _registration(options)
    if registration is not None and 0 < pageno <= len(registration.images):
        image = registration.images[pageno - 1]
        if image is not None:
            # Only read for its size and resolution; the engine hands over the prepared text layer.
            os.symlink(image, output_file)
            return Path(output_file)
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
    """Tesseract, with the deskew angle measured once per image, on a half-size copy; prepared pages reused."""

    @staticmethod
    def version() -> str:
        """Return Tesseract's version, asked once per process (OCRmyPDF asks on every run)."""
        return _tesseract_version()

    @staticmethod
    def languages(options: Any) -> set[str]:
        """Return the installed languages, asked again only when a requested one is missing from the last answer."""
        global _languages
        requested = set(getattr(options, "languages", None) or [])
        with _cache_lock:
            known = _languages
        if known is None or not requested <= known:
            known = set(TesseractOcrEngine.languages(options))
            with _cache_lock:
                _languages = known
        return set(known)

    @staticmethod
    def generate_pdf(input_file: Path, output_pdf: Path, output_text: Path, options: Any) -> None:
        """Hand over a prepared page's text layer, or run Tesseract as OCRmyPDF does."""
        match = _PAGE_FILE.match(Path(input_file).name)
        page = _prepared_page(options, int(match.group(1))) if match else None
        if page is not None and page.pdf is not None and page.text is not None:
            shutil.copyfile(page.pdf, output_pdf)
            shutil.copyfile(page.text, output_text)
            return
        image = page.ocr_image if page is not None else input_file
        TesseractOcrEngine.generate_pdf(image, output_pdf, output_text, options)

    @staticmethod
    def get_deskew(input_file: Path, options: Any) -> float:
        """Return the deskew angle in degrees."""
        stat = Path(input_file).stat()
        key = (str(Path(input_file).resolve()), stat.st_mtime_ns, stat.st_size)
        with _cache_lock:
            if key in _deskew_cache:
                return _deskew_cache[key]
        angle = TesseractOcrEngine.get_deskew(_half_size(Path(input_file)), options)
        with _cache_lock:
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


@functools.lru_cache(maxsize=1)
def _tesseract_version() -> str:
    return str(TesseractOcrEngine.version())


def _keep_tesseract_version() -> None:
    # OCRmyPDF's own checks call ocrmypdf._exec.tesseract.version() by module attribute: answer them once.
    version = _tesseract_program.version
    if not hasattr(version, "cache_info"):
        _tesseract_program.version = functools.lru_cache(maxsize=1)(version)


_keep_tesseract_version()


def _registration(options: Any) -> _Registration | None:
    source = getattr(options, "input_file", None)
    if not _prepared or not isinstance(source, str | os.PathLike):
        return None
    with _prepared_lock:
        return _prepared.get(str(Path(source).resolve()))


def _prepared_page(options: Any, pageno: int) -> PreparedPage | None:
    registration = _registration(options)
    if registration is None or not 0 < pageno <= len(registration.images):
        return None
    if registration.turned:
        raise PagesTurned()
    page = registration.source.page(pageno - 1)
    if page.image != registration.images[pageno - 1]:
        registration.turned = True
        raise PagesTurned()
    return page


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
