"""The OCR settings become the right OCRmyPDF arguments (Paperless's mapping, v3 semantics)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions
from paperkeep.parsers.ocr import OcrJob, ocr_arguments


def _job(mode: str = "default", pdfa: bool = True, image_dpi: int | None = None) -> OcrJob:
    return OcrJob(source=Path("in.pdf"), output=Path("out.pdf"), sidecar=Path("side.txt"), mode=mode, pdfa=pdfa,
                  image_dpi=image_dpi)


def test_defaults() -> None:
    """GIVEN the default settings
    WHEN the OCRmyPDF arguments are built for a fresh scan
    THEN they ask for PDF/A with the internal backend, clean, deskew, rotate, a sidecar and no optimisation."""
    args = ocr_arguments(_job(), ParseOptions())
    assert args["output_type"] == "pdfa"
    assert args["pdfa_backend"] == "internal"
    assert args["clean"] is True and args["deskew"] is True and args["rotate_pages"] is True
    assert args["rotate_pages_threshold"] == 12.0
    assert args["sidecar"] == Path("side.txt")
    assert args["optimize"] == 0
    assert "mode" not in args and "pages" not in args


def test_languages_are_split() -> None:
    """GIVEN the language setting deu+eng
    WHEN the arguments are built
    THEN OCRmyPDF gets the list ["deu", "eng"]."""
    assert ocr_arguments(_job(), ParseOptions(language="deu+eng"))["language"] == ["deu", "eng"]


@pytest.mark.parametrize("mode", ["skip", "force", "redo"])
def test_mode_is_passed(mode: str) -> None:
    """GIVEN an OCR job in skip, force or redo mode
    WHEN the arguments are built
    THEN OCRmyPDF gets that mode."""
    assert ocr_arguments(_job(mode), ParseOptions())["mode"] == mode


def test_redo_never_deskews_and_cleans_instead_of_clean_final() -> None:
    """GIVEN deskew on and clean-final
    WHEN the arguments are built for redo (OCRmyPDF allows neither with redo)
    THEN there is no deskew and plain clean is used."""
    args = ocr_arguments(_job("redo"), ParseOptions(clean="clean-final"))
    assert "deskew" not in args
    assert args["clean"] is True and "clean_final" not in args


def test_clean_final() -> None:
    """GIVEN clean-final
    WHEN the arguments are built for a fresh scan
    THEN clean_final is set and clean is not."""
    args = ocr_arguments(_job(), ParseOptions(clean="clean-final"))
    assert args["clean_final"] is True and "clean" not in args


def test_clean_none_and_rotate_off() -> None:
    """GIVEN clean none and rotate pages off
    WHEN the arguments are built
    THEN neither clean nor a rotation threshold is passed."""
    args = ocr_arguments(_job(), ParseOptions(clean="none", rotate_pages=False))
    assert "clean" not in args and "clean_final" not in args
    assert args["rotate_pages"] is False and "rotate_pages_threshold" not in args


def test_pages_becomes_range() -> None:
    """GIVEN pages=3
    WHEN the arguments are built
    THEN OCRmyPDF is asked for pages 1-3."""
    assert ocr_arguments(_job(), ParseOptions(pages=3))["pages"] == "1-3"


def test_plain_output_when_no_pdfa_wanted() -> None:
    """GIVEN a job whose output need not be PDF/A (no archive wanted)
    WHEN the arguments are built
    THEN the output type is pdf and no PDF/A backend is chosen."""
    args = ocr_arguments(_job(pdfa=False), ParseOptions())
    assert args["output_type"] == "pdf" and "pdfa_backend" not in args


def test_colour_strategy_needing_ghostscript() -> None:
    """GIVEN the CMYK colour conversion strategy (only Ghostscript applies it)
    WHEN the arguments are built
    THEN the PDF/A backend is left to OCRmyPDF (auto)."""
    args = ocr_arguments(_job(), ParseOptions(color_conversion_strategy="CMYK"))
    assert args["pdfa_backend"] == "auto" and args["color_conversion_strategy"] == "CMYK"


def test_image_dpi_and_pixel_limit() -> None:
    """GIVEN an image job at 200 dpi and a limit of 50 megapixels
    WHEN the arguments are built
    THEN both reach OCRmyPDF."""
    args = ocr_arguments(_job(image_dpi=200), ParseOptions(max_image_pixels=50_000_000))
    assert args["image_dpi"] == 200
    assert args["max_image_mpixels"] == 50


def test_user_args_win() -> None:
    """GIVEN user arguments that set deskew off and a Tesseract timeout
    WHEN the arguments are built
    THEN the user's values override the settings."""
    args = ocr_arguments(_job(), replace(ParseOptions(), user_args={"deskew": False, "tesseract_timeout": 30}))
    assert args["deskew"] is False and args["tesseract_timeout"] == 30


def test_conversion_only_job() -> None:
    """GIVEN a job that only makes a PDF/A (mode off)
    WHEN the arguments are built
    THEN no OCR engine runs, no sidecar is asked for and pages are not rotated."""
    args = ocr_arguments(_job("none"), ParseOptions())
    assert args["ocr_engine"] == "none"
    assert "sidecar" not in args and args["rotate_pages"] is False


def test_prepared_pages_get_no_cleanup_passes() -> None:
    """GIVEN pages already cleaned, deskewed, turned and recognised (fastocr), with the default settings
    WHEN the arguments are built
    THEN OCRmyPDF is asked for no clean, deskew or rotation, but still for the PDF/A and the sidecar."""
    args = ocr_arguments(replace(_job(), prepared=True), ParseOptions())
    assert args["rotate_pages"] is False and "rotate_pages_threshold" not in args
    assert "clean" not in args and "deskew" not in args and "clean_final" not in args
    assert args["output_type"] == "pdfa" and args["sidecar"] == Path("side.txt")


def test_jobs_follow_threads_per_worker() -> None:
    """GIVEN three threads per worker (PAPERLESS_THREADS_PER_WORKER)
    WHEN the arguments are built
    THEN OCRmyPDF works on up to three pages at once, in threads."""
    args = ocr_arguments(_job(), ParseOptions(threads=3))
    assert args["jobs"] == 3 and args["use_threads"] is True
