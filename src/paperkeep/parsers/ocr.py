"""Run OCRmyPDF + Tesseract with Paperless's OCR settings, mapping its failures to ParseErrors."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from paperkeep.parsers.errors import CorruptFile, DecompressionBomb, EncryptedFile, OcrFailed, ParseError
from paperkeep.parsers.options import ParseOptions

logger = logging.getLogger(__name__)

# Colour strategies OCRmyPDF's own (pikepdf) PDF/A backend satisfies; the others need Ghostscript.
_INTERNAL_PDFA_STRATEGIES = ("RGB", "LeaveColorUnchanged")
_SKIPPED_MARKER = "[OCR skipped on page"
PLUGIN = "paperkeep.parsers.ocr_plugin"


class SignedPdf(ParseError):
    """OCR would break the PDF's digital signature."""

    code = "signed_pdf"
    default_message = "The PDF is digitally signed; OCR would invalidate the signature."


@dataclass(frozen=True)
class OcrJob:
    """One OCRmyPDF run: where from and to, which mode, and whether the output must be PDF/A."""

    source: Path
    output: Path
    sidecar: Path
    mode: str  # "default", "skip", "force", "redo", or "none" (make the PDF, recognise nothing)
    pdfa: bool
    image_dpi: int | None = None
    # The pages were cleaned, deskewed, turned and recognised already (fastocr); OCRmyPDF only assembles.
    prepared: bool = False


def ocr_arguments(job: OcrJob, options: ParseOptions) -> dict[str, Any]:
    """Return the keyword arguments for ``ocrmypdf.ocr`` for this job and these settings."""
    args: dict[str, Any] = {
        "language": options.languages,
        "output_type": options.output_type if job.pdfa and options.output_type != "pdf" else "pdf",
        "jobs": options.threads,
        "use_threads": True,
        "progress_bar": False,
        # No optimisation pass: it is where OCRmyPDF spends most time beyond Tesseract itself.
        "optimize": 0,
        "rotate_pages": options.rotate_pages,
        "max_image_mpixels": options.pixel_limit / 1_000_000,
        "plugins": [PLUGIN],
    }
    if options.rotate_pages and job.mode != "none" and not job.prepared:
        args["rotate_pages_threshold"] = options.rotate_pages_threshold
    if job.pdfa:
        args["color_conversion_strategy"] = options.color_conversion_strategy
        args["pdfa_backend"] = "internal" if options.color_conversion_strategy in _INTERNAL_PDFA_STRATEGIES else "auto"
    if job.mode == "none":
        args["ocr_engine"] = "none"
        args["mode"] = "skip"
        args["rotate_pages"] = False
    else:
        # Tesseract's own text-only PDF ("sandwich") is cheaper than OCRmyPDF's hOCR renderer.
        args["pdf_renderer"] = "sandwich"
        if job.mode != "default":
            args["mode"] = job.mode
        args["sidecar"] = job.sidecar
        args.update(_cleanup_arguments(job, options))
        if options.pages > 0:
            args["pages"] = f"1-{options.pages}"
    if job.image_dpi:
        args["image_dpi"] = job.image_dpi
    args.update(options.user_args)
    return args


def _cleanup_arguments(job: OcrJob, options: ParseOptions) -> dict[str, Any]:
    if job.prepared:
        return {"rotate_pages": False}
    args: dict[str, Any] = {}
    if options.deskew and job.mode != "redo":
        args["deskew"] = True
    if options.clean == "clean" or (options.clean == "clean-final" and job.mode == "redo"):
        args["clean"] = True
    elif options.clean == "clean-final":
        args["clean_final"] = True
    return args


def run_ocr(job: OcrJob, options: ParseOptions) -> bool:
    """Run OCRmyPDF for ``job``; return whether the output is PDF/A (it falls back to plain PDF)."""
    try:
        _run(job, options)
        return job.pdfa
    except _PriorText:
        logger.info("%s already has text; running OCR in force mode", job.source.name)
        return run_ocr(replace(job, mode="force"), options)
    except _PdfaFailed as exc:
        logger.warning("Could not make a PDF/A archive of %s (%s); storing a plain PDF archive", job.source.name, exc)
        _run(replace(job, pdfa=False), options)
        return False


def read_sidecar(job: OcrJob) -> str | None:
    """Return the recognised text, or None when the output PDF is the better source of text.

    That is when some pages kept their own text (skipped, or redone around real text) or when
    Tesseract found nothing.
    """
    if job.mode == "redo":
        return None
    try:
        text = job.sidecar.read_text("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    if _SKIPPED_MARKER in text or not text.strip():
        return None
    return text


class _PriorText(Exception):
    pass


class _PdfaFailed(Exception):
    pass


def _run(job: OcrJob, options: ParseOptions) -> None:
    import ocrmypdf
    from ocrmypdf import exceptions as ox
    from PIL import Image

    # Paperless runs Tesseract single-threaded; parallelism comes from jobs (pages) and workers.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    args = ocr_arguments(job, options)
    try:
        code = ocrmypdf.ocr(job.source, job.output, **args)
    except ox.EncryptedPdfError as exc:
        raise EncryptedFile() from exc
    except ox.DigitalSignatureError as exc:
        raise SignedPdf() from exc
    except ox.PriorOcrFoundError as exc:
        if job.mode == "default":
            raise _PriorText() from exc
        raise OcrFailed("The PDF already has text and OCR could not replace it.") from exc
    except ox.PdfaConversionFailedError as exc:
        if job.pdfa:
            raise _PdfaFailed(_one_line(exc)) from exc
        raise OcrFailed("The archive PDF could not be written.") from exc
    except ox.MissingDependencyError as exc:
        raise OcrFailed(f"Text recognition is not available: {_one_line(exc)}") from exc
    except (ox.BadArgsError, ox.TesseractConfigError) as exc:
        raise OcrFailed(f"The OCR settings are not valid: {_one_line(exc)}") from exc
    except ox.UnsupportedImageFormatError as exc:
        raise CorruptFile("The image format cannot be read for text recognition.") from exc
    except ox.InputFileError as exc:
        if job.mode == "default":
            raise _PriorText() from exc
        raise CorruptFile("The file is damaged and cannot be read for text recognition.") from exc
    except Image.DecompressionBombError as exc:
        raise DecompressionBomb() from exc
    except ox.SubprocessOutputError as exc:
        raise OcrFailed("Tesseract failed while recognising the text.") from exc
    except ox.ExitCodeException as exc:
        raise OcrFailed(f"Text recognition failed: {_one_line(exc)}") from exc
    if code != ox.ExitCode.ok:
        raise OcrFailed(f"Text recognition failed (OCRmyPDF exit code {int(code)}).")


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text or type(exc).__name__
