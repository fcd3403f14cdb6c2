"""Tesseract in-process, through libtesseract's C API, with its models kept loaded between pages.

A ``tesseract`` run spends a good part of its time starting up: loading the language models and, for
layout analysis, reading an image file. A running worker can keep engines loaded instead. Here every call
borrows an initialised engine from a small pool (one per thread at a time; ctypes releases the GIL while
Tesseract works, so two pages read on two cores) and does exactly what the ``tesseract`` program does for
the same request:

* ``analyse_layout``: what ``tesseract --psm 2 IMAGE stdout`` prints (the page image handed over in memory,
  the angle rounded to the four decimals the program prints); layout analysis uses no language model;
* ``detect_orientation``: what ``tesseract -l osd --psm 0 IMAGE stdout`` prints (confidence to two decimals);
* ``process_pages``: ``tesseract IMAGE OUT -l LANGS -c textonly_pdf=1 pdf txt tsv`` (``ProcessPages``
  with the same renderers: the same text, boxes and confidences as the program writes).

When libtesseract cannot be loaded (or an engine cannot start, e.g. a language is missing) the functions
return None and the caller runs the ``tesseract`` program, whose errors it already handles. Engines
inherited across a fork are never used. Tesseract's diagnostics go to /dev/null, as the program's stderr
does under a subprocess call.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

logger = logging.getLogger(__name__)

PSM_OSD_ONLY = 0  # orientation and script detection only
PSM_AUTO_ONLY = 2  # layout analysis only
PSM_AUTO = 3  # the program's default
# Idle engines kept per kind (layout, or recognition per language set).
_MAX_IDLE = 4
_BYTES_PER_PIXEL = {"L": 1, "RGB": 3}

_c = ctypes
_VP, _CP, _INT = _c.c_void_p, _c.c_char_p, _c.c_int


@functools.lru_cache(maxsize=1)
def _library() -> ctypes.CDLL | None:
    # As for the program: one OpenMP thread per Tesseract unless the environment says otherwise. libgomp
    # reads this when it is loaded, which is now at the latest.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        try:
            lib = ctypes.CDLL("libtesseract.so.5")  # Tesseract 5's soname; no ldconfig run needed
        except OSError:
            lib = ctypes.CDLL(ctypes.util.find_library("tesseract") or "libtesseract.so")
        signatures = {
            "TessBaseAPICreate": ([], _VP),
            "TessBaseAPIDelete": ([_VP], None),
            "TessBaseAPIEnd": ([_VP], None),
            "TessBaseAPIClear": ([_VP], None),
            "TessBaseAPIInit3": ([_VP, _CP, _CP], _INT),
            "TessBaseAPIInitForAnalysePage": ([_VP], None),
            "TessBaseAPISetVariable": ([_VP, _CP, _CP], _INT),
            "TessBaseAPISetPageSegMode": ([_VP, _INT], None),
            "TessBaseAPISetImage": ([_VP, _CP, _INT, _INT, _INT, _INT], None),
            "TessBaseAPISetSourceResolution": ([_VP, _INT], None),
            "TessBaseAPIAnalyseLayout": ([_VP], _VP),
            "TessBaseAPIGetDatapath": ([_VP], _CP),
            "TessBaseAPIProcessPages": ([_VP, _CP, _CP, _INT, _VP], _INT),
            "TessPageIteratorOrientation": ([_VP, *[_c.POINTER(_INT)] * 3, _c.POINTER(_c.c_float)], None),
            "TessPageIteratorDelete": ([_VP], None),
            "TessPDFRendererCreate": ([_CP, _CP, _INT], _VP),
            "TessTextRendererCreate": ([_CP], _VP),
            "TessTsvRendererCreate": ([_CP], _VP),
            "TessResultRendererInsert": ([_VP, _VP], None),
            "TessDeleteResultRenderer": ([_VP], None),
            "TessBaseAPIDetectOrientationScript": ([_VP, _c.POINTER(_INT), _c.POINTER(_c.c_float),
                                                    _c.POINTER(_CP), _c.POINTER(_c.c_float)], _INT),
        }
        for symbol, (argtypes, restype) in signatures.items():
            function = getattr(lib, symbol)
            function.argtypes, function.restype = argtypes, restype
    except (OSError, AttributeError) as exc:
        logger.info("Running the tesseract program: libtesseract is not usable here (%s)", exc)
        return None
    return lib


class _Engines:
    """Idle initialised engines per kind, for this process only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[str, list[int]] = {}
        self._pid = os.getpid()

    @contextmanager
    def borrowed(self, lib: ctypes.CDLL, kind: str, languages: str | None) -> Iterator[int | None]:
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's engines are not ours to use (or free)
                self._idle, self._pid = {}, os.getpid()
            idle = self._idle.setdefault(kind, [])
            handle = idle.pop() if idle else None
        if handle is None:
            handle = _start(lib, languages)
        if handle is None:
            yield None
            return
        keep = False
        try:
            yield handle
            keep = True
        finally:
            lib.TessBaseAPIClear(handle)
            with self._lock:
                idle = self._idle.setdefault(kind, [])
                if keep and self._pid == os.getpid() and len(idle) < _MAX_IDLE:
                    idle.append(handle)
                    handle = 0
            if handle:
                lib.TessBaseAPIEnd(handle)
                lib.TessBaseAPIDelete(handle)


_engines = _Engines()


def _start(lib: ctypes.CDLL, languages: str | None) -> int | None:
    handle = lib.TessBaseAPICreate()
    if not handle:
        return None
    if languages is None:
        lib.TessBaseAPIInitForAnalysePage(handle)
    elif lib.TessBaseAPIInit3(handle, None, languages.encode()) != 0:
        lib.TessBaseAPIDelete(handle)
        return None
    lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
    return int(handle)


class _Pixels:
    """A page's pixels as libtesseract takes them: 8-bit grey or RGB bytes, row after row."""

    def __init__(self, data: bytes, width: int, height: int, depth: int) -> None:
        self.data, self.width, self.height, self.depth = data, width, height, depth

    @classmethod
    def of(cls, image: Image.Image) -> _Pixels:
        if image.mode not in _BYTES_PER_PIXEL:
            image = image.convert("L")
        return cls(image.tobytes(), image.width, image.height, _BYTES_PER_PIXEL[image.mode])

    def give_to(self, lib: Any, handle: Any) -> None:
        lib.TessBaseAPISetImage(handle, self.data, self.width, self.height, self.depth, self.width * self.depth)


def analyse_layout(image: Image.Image, dpi: float) -> tuple[float, int, int] | None:
    """Return Tesseract's deskew angle (radians, as the program prints it), writing direction and line order.

    (0.0, 0, 2) for a page without layout (the program's "empty page"); None when libtesseract is not usable.
    """
    lib = _library()
    if lib is None:
        return None
    pixels = _Pixels.of(image)
    with _engines.borrowed(lib, "layout", None) as handle:
        if handle is None:
            return None
        lib.TessBaseAPISetPageSegMode(handle, PSM_AUTO_ONLY)
        pixels.give_to(lib, handle)
        lib.TessBaseAPISetSourceResolution(handle, round(dpi))
        iterator = lib.TessBaseAPIAnalyseLayout(handle)
        if not iterator:
            return 0.0, 0, 2
        orientation, direction, order, angle = _INT(), _INT(), _INT(), _c.c_float()
        lib.TessPageIteratorOrientation(iterator, _c.byref(orientation), _c.byref(direction), _c.byref(order),
                                        _c.byref(angle))
        lib.TessPageIteratorDelete(iterator)
    return round(float(angle.value), 4), direction.value, order.value


def detect_orientation(image: Image.Image, dpi: float) -> tuple[int, float] | None:
    """Return the page's orientation (degrees) and Tesseract's confidence; (0, 0.0) when it cannot tell
    (too few characters); None when libtesseract or the osd model is not usable."""
    lib = _library()
    if lib is None:
        return None
    pixels = _Pixels.of(image)
    with _engines.borrowed(lib, "osd", "osd") as handle:
        if handle is None:
            return None
        lib.TessBaseAPISetPageSegMode(handle, PSM_OSD_ONLY)
        pixels.give_to(lib, handle)
        lib.TessBaseAPISetSourceResolution(handle, round(dpi))
        degrees, confidence, script, script_confidence = _INT(), _c.c_float(), _CP(), _c.c_float()
        found = lib.TessBaseAPIDetectOrientationScript(handle, _c.byref(degrees), _c.byref(confidence),
                                                       _c.byref(script), _c.byref(script_confidence))
    if not found:
        return 0, 0.0
    return degrees.value, round(float(confidence.value), 2)


def process_pages(image: Path, prefix: Path, languages: list[str], timeout: float) -> bool | None:
    """Recognise ``image`` into ``prefix``.pdf (text only), .txt and .tsv, as the program does.

    Return whether Tesseract succeeded; None when libtesseract (or an engine for these languages) is not usable.
    """
    lib = _library()
    if lib is None:
        return None
    with _engines.borrowed(lib, "ocr:" + "+".join(languages), "+".join(languages)) as handle:
        if handle is None:
            return None
        lib.TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        lib.TessBaseAPISetVariable(handle, b"textonly_pdf", b"1")
        out = str(prefix).encode()
        renderer = lib.TessPDFRendererCreate(out, lib.TessBaseAPIGetDatapath(handle), 1)
        if not renderer:
            return False
        try:
            for create in (lib.TessTextRendererCreate, lib.TessTsvRendererCreate):
                more = create(out)
                if more:
                    lib.TessResultRendererInsert(renderer, more)
            ok = lib.TessBaseAPIProcessPages(handle, str(image).encode(), None, round(timeout * 1000), renderer)
        finally:
            lib.TessDeleteResultRenderer(renderer)  # writes nothing more; the files were finished by the run
    return bool(ok)
