"""Tesseract run directly with the arguments OCRmyPDF gives it: layout (deskew angle), orientation, recognition.

Recognition uses exactly the settings of a bare ``tesseract IMAGE OUT -l LANGS pdf txt`` run (default page
segmentation and engine mode, ``OMP_THREAD_LIMIT=1`` unless the environment says otherwise); it only adds
``textonly_pdf`` (OCRmyPDF's "sandwich" text layer, as OCRmyPDF asks for it) and a TSV rendering, whose word
confidences and boxes tell whether the page read upright.
"""

from __future__ import annotations

import math
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from paperkeep.parsers import tessapi

# OCRmyPDF's defaults for --tesseract-timeout and --tesseract-non-ocr-timeout.
OCR_TIMEOUT = 180.0
NON_OCR_TIMEOUT = 180.0
# Words of at least this many characters tell the direction of a line by their box's shape.
_SHAPE_WORD_CHARS = 3


class TesseractUnusable(Exception):
    """Tesseract failed; the caller should let OCRmyPDF run it, which reports or tolerates the failure."""


@dataclass(frozen=True)
class Layout:
    """What Tesseract's layout analysis (``--psm 2``) found: the skew, and whether lines run left to right."""

    deskew_degrees: float
    horizontal: bool


@dataclass(frozen=True)
class Orientation:
    """Tesseract's orientation detection (``--psm 0``): which way the page faces, and how sure it is."""

    angle: int
    confidence: float


@dataclass(frozen=True)
class Recognition:
    """Tesseract's text-only PDF and plain text for one image, with its word confidences."""

    pdf: Path
    text: Path
    confidences: tuple[float, ...]
    horizontal: bool

    @property
    def mean_confidence(self) -> float:
        """Return the mean word confidence (0-100), 0 when no word was found."""
        return sum(self.confidences) / len(self.confidences) if self.confidences else 0.0


def layout_of(image: Image.Image, dpi: float, languages: list[str], spill: Path) -> Layout:
    """Return the layout of an image in memory: in-process, or written to ``spill`` for the program."""
    found = tessapi.analyse_layout(image, dpi)
    if found is None:
        image.copy().save(spill, "TIFF", dpi=(dpi, dpi))  # a private copy: see pageprep.save_for_tools
        return analyse_layout(spill, languages)
    radians, direction, order = found
    return Layout(deskew_degrees=180 / math.pi * radians, horizontal=direction == 0 and order == 2)


def analyse_layout(image: Path, languages: list[str], timeout: float = NON_OCR_TIMEOUT) -> Layout:
    """Return the deskew angle in degrees (as OCRmyPDF measures it) and the line direction."""
    out = _run([*_base(languages), "--psm", "2", str(image), "stdout"], timeout, empty_ok=True)
    if out is None:
        return Layout(0.0, True)
    values = _fields(out)
    radians = float(values.get("Deskew angle", 0) or 0)
    # WritingDirection 0 is left to right; TextlineOrder 2 is top to bottom.
    horizontal = values.get("WritingDirection", "0") == "0" and values.get("TextlineOrder", "2") == "2"
    return Layout(deskew_degrees=180 / math.pi * radians, horizontal=horizontal)


def orientation_of(image: Image.Image, dpi: float, spill: Path) -> Orientation:
    """Return the orientation of an image in memory: in-process, or written to ``spill`` for the program."""
    found = tessapi.detect_orientation(image, dpi)
    if found is None:
        image.copy().save(spill, "TIFF", dpi=(dpi, dpi))
        return detect_orientation(spill)
    return Orientation(*found)


def detect_orientation(image: Path, timeout: float = NON_OCR_TIMEOUT) -> Orientation:
    """Return the page's orientation as OCRmyPDF's ``--rotate-pages`` asks Tesseract for it."""
    try:
        out = _run([*_base(["osd"]), "--psm", "0", str(image), "stdout"], timeout, empty_ok=False)
    except TesseractUnusable as exc:
        if "Too few characters" in str(exc) or "Image too large" in str(exc):
            return Orientation(0, 0.0)
        raise
    if out is None:
        return Orientation(0, 0.0)
    values = _fields(out)
    return Orientation(int(values.get("Orientation in degrees", 0)), float(values.get("Orientation confidence", 0)))


def recognise(image: Path, prefix: Path, languages: list[str], timeout: float = OCR_TIMEOUT) -> Recognition:
    """Recognise ``image`` into ``prefix``.pdf (text only) and ``prefix``.txt; raise TesseractUnusable on failure.

    Tesseract runs in-process when libtesseract is usable (``tessapi``), else as the program; the same output.
    """
    if not tessapi.process_pages(image, prefix, languages, timeout):
        args = [*_base(languages), "-c", "textonly_pdf=1", str(image), str(prefix), "pdf", "txt", "tsv"]
        if _run(args, timeout, empty_ok=False) is None:
            raise TesseractUnusable("Tesseract timed out")
    pdf, text, tsv = (prefix.with_suffix(suffix) for suffix in (".pdf", ".txt", ".tsv"))
    if not pdf.exists() or not text.exists():
        raise TesseractUnusable("Tesseract wrote no output")
    confidences, horizontal = _read_tsv(tsv)
    return Recognition(pdf=pdf, text=text, confidences=confidences, horizontal=horizontal)


def _base(languages: list[str]) -> list[str]:
    return ["tesseract", "-l", "+".join(languages)]


def _run(args: list[str], timeout: float, empty_ok: bool) -> str | None:
    env = dict(os.environ)
    # As Paperless: one thread per Tesseract; parallelism comes from pages and workers.
    env.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return None
    output = (proc.stdout + proc.stderr).decode("utf-8", errors="replace")
    if proc.returncode != 0:
        if empty_ok and ("Empty page" in output or not output.strip()):
            return None
        raise TesseractUnusable(output.strip()[-300:] or f"exit code {proc.returncode}")
    return output


def _fields(output: str) -> dict[str, str]:
    values = {}
    for line in output.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    return values


def _read_tsv(path: Path) -> tuple[tuple[float, ...], bool]:
    confidences: list[float] = []
    wide = tall = 0
    try:
        rows = path.read_text("utf-8", errors="replace").splitlines()[1:]
    except FileNotFoundError:
        return (), True
    for row in rows:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        confidences.append(float(cols[10]))
        if len(cols[11].strip()) >= _SHAPE_WORD_CHARS:
            wide += int(cols[8]) >= int(cols[9])
            tall += int(cols[8]) < int(cols[9])
    return tuple(confidences), wide >= tall
