"""Tesseract in-process (libtesseract's C API) gives what the tesseract program gives for the same request."""

from __future__ import annotations

import math
import os
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image

from paperkeep.parsers import tessapi, tesseract
from tests import filegen
from tests.parsers.conftest import SCAN_LINES, SMALL_PAGE

LINES = [*SCAN_LINES, "Please find the enclosed statement for the harbour office fees"]

pytestmark = pytest.mark.skipif(tessapi._library() is None, reason="libtesseract is not loadable here")


def _program(*args: str) -> str:
    proc = subprocess.run(["tesseract", *args], capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"),
                          check=True)
    return (proc.stdout + proc.stderr).decode()


@pytest.mark.parametrize("angle", [1.7, -0.6])
def test_layout_in_process_equals_the_program(tmp_path: Path, angle: float) -> None:
    """GIVEN a skewed page
    WHEN its layout is analysed in-process and by ``tesseract --psm 2``
    THEN the deskew angle (as the program prints it) and the line direction are the same."""
    image = filegen.scan_image(LINES, size=SMALL_PAGE, angle=angle)
    image.save(tmp_path / "page.tiff", dpi=(300, 300))
    printed = dict(line.split(": ", 1) for line in _program("-l", "eng", "--psm", "2", str(tmp_path / "page.tiff"),
                                                          "stdout").splitlines() if ": " in line)
    radians, direction, order = tessapi.analyse_layout(image, 300) or (None, None, None)
    assert radians == float(printed["Deskew angle"])
    assert (direction, order) == (int(printed["WritingDirection"]), int(printed["TextlineOrder"]))


def test_layout_of_a_blank_page_is_upright_and_straight() -> None:
    """GIVEN a blank page
    WHEN its layout is analysed in-process
    THEN there is no skew and the (absent) lines count as running left to right, as for the program's empty page."""
    layout = tesseract.layout_of(Image.new("L", SMALL_PAGE, 255), 300, ["eng"], Path("/nonexistent/never-written"))
    assert layout == tesseract.Layout(0.0, True)


def test_recognition_in_process_writes_what_the_program_writes(tmp_path: Path) -> None:
    """GIVEN a scanned page
    WHEN it is recognised in-process, twice with the same engine, and by the tesseract program
    THEN the text and the TSV (words, boxes, confidences) are the same each time, next to a text-only PDF."""
    page = tmp_path / "page.tiff"
    filegen.scan_image(LINES, size=SMALL_PAGE).save(page, dpi=(300, 300))
    _program(str(page), str(tmp_path / "program"), "-l", "eng", "-c", "textonly_pdf=1", "pdf", "txt", "tsv")
    for run in ("first", "second"):
        assert tessapi.process_pages(page, tmp_path / run, ["eng"], 60) is True
        for suffix in (".txt", ".tsv"):
            ours = (tmp_path / run).with_suffix(suffix).read_text("utf-8")
            assert ours == (tmp_path / "program").with_suffix(suffix).read_text("utf-8")
        assert (tmp_path / run).with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_two_threads_recognise_at_once(tmp_path: Path) -> None:
    """GIVEN two different pages
    WHEN two threads recognise them in-process at the same time
    THEN each text is that page's, as read alone."""
    pages = []
    for index, angle in enumerate((0.5, -0.9)):
        pages.append(tmp_path / f"page{index}.tiff")
        filegen.scan_image(LINES[index:], size=SMALL_PAGE, angle=angle, seed=index).save(pages[-1], dpi=(300, 300))
    alone = []
    for index, page in enumerate(pages):
        assert tessapi.process_pages(page, tmp_path / f"alone{index}", ["eng"], 60)
        alone.append((tmp_path / f"alone{index}.txt").read_text("utf-8"))
    threads = [threading.Thread(target=tessapi.process_pages, args=(page, tmp_path / f"both{index}", ["eng"], 60))
               for index, page in enumerate(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [(tmp_path / f"both{index}.txt").read_text("utf-8") for index in range(2)] == alone


def test_missing_language_falls_back_to_the_program(tmp_path: Path) -> None:
    """GIVEN a language that is not installed
    WHEN a page is recognised
    THEN the in-process engine declines and the program's failure is reported (TesseractUnusable)."""
    page = tmp_path / "page.tiff"
    filegen.scan_image(LINES, size=SMALL_PAGE).save(page, dpi=(300, 300))
    assert tessapi.process_pages(page, tmp_path / "out", ["xyz"], 60) is None
    with pytest.raises(tesseract.TesseractUnusable):
        tesseract.recognise(page, tmp_path / "out", ["xyz"])


def test_layout_angle_is_in_degrees() -> None:
    """GIVEN a page skewed by 2 degrees
    WHEN its layout is taken from an image in memory
    THEN the deskew angle is about -2 degrees, as the program's radians converted."""
    layout = tesseract.layout_of(filegen.scan_image(LINES, size=SMALL_PAGE, angle=2.0), 300, ["eng"],
                                 Path("/nonexistent/never-written"))
    assert abs(layout.deskew_degrees + 2.0) < 0.4 and not math.isnan(layout.deskew_degrees)


@pytest.mark.parametrize("turn", [180, 90])
def test_orientation_in_process_equals_the_program(tmp_path: Path, turn: int) -> None:
    """GIVEN a page turned by 180 or 90 degrees
    WHEN its orientation is detected in-process and by ``tesseract -l osd --psm 0``
    THEN the angle and the confidence (as the program prints it) are the same."""
    image = filegen.scan_image([*LINES, *LINES], size=(1240, 1754), angle=0.3).rotate(turn, expand=True)
    image.save(tmp_path / "page.tiff", dpi=(300, 300))
    printed = dict(line.split(": ", 1) for line in _program("-l", "osd", "--psm", "0", str(tmp_path / "page.tiff"),
                                                          "stdout").splitlines() if ": " in line)
    found = tesseract.orientation_of(image, 300, Path("/nonexistent/never-written"))
    assert found == tesseract.Orientation(int(printed["Orientation in degrees"]),
                                          float(printed["Orientation confidence"]))


def test_orientation_of_a_blank_page_is_unknown() -> None:
    """GIVEN a blank page
    WHEN its orientation is detected in-process
    THEN it is 0 degrees with no confidence (the program's "too few characters")."""
    assert tessapi.detect_orientation(Image.new("L", SMALL_PAGE, 255), 300) == (0, 0.0)
