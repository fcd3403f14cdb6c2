"""PDFs and images: text from the PDF's own text layer, or OCR (OCRmyPDF + Tesseract), and a PDF/A archive."""

from __future__ import annotations

import logging
import subprocess
from dataclasses import replace
from pathlib import Path

from paperkeep.parsers import fastocr, images, pageprep, pdf, scanpdf, tesseract
from paperkeep.parsers.archive import should_produce_archive
from paperkeep.parsers.errors import EncryptedFile
from paperkeep.parsers.guards import check_file, check_image
from paperkeep.parsers.ocr import OcrJob, SignedPdf, read_sidecar, run_ocr
from paperkeep.parsers.ocr_plugin import PagesTurned, prepared_pages
from paperkeep.parsers.options import ParseOptions, ParseResult
from paperkeep.parsers.textutil import normalize_text

logger = logging.getLogger(__name__)

_PREPARATION_FAILURES = (tesseract.TesseractUnusable, subprocess.SubprocessError, OSError)

IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tiff",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/x-ms-bmp": ".bmp",
    "image/webp": ".webp",
}


class RasterParser:
    """PDFs and images (the counterpart of Paperless's Tesseract parser)."""

    name = "paperkeep.raster"
    mime_types = {"application/pdf": ".pdf", **IMAGE_TYPES}
    can_produce_archive = True
    requires_pdf_rendition = False

    def score(self, mime: str, path: Path | None = None) -> int | None:
        """Return 10 for PDFs and the supported image types."""
        return 10 if mime in self.mime_types else None

    def parse(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        """Extract or recognise the text; make a PDF/A archive when the settings want one."""
        check_file(path, options)
        if mime == "application/pdf":
            return self._parse_pdf(Path(path), options, Path(workdir))
        return self._parse_image(Path(path), mime, options, Path(workdir))

    def _parse_pdf(self, path: Path, options: ParseOptions, workdir: Path) -> ParseResult:
        text, pages = pdf.extract_text(path)
        born_digital = pdf.is_born_digital(text, path)
        want_archive = should_produce_archive(self, "application/pdf", options, born_digital=born_digital)
        metadata = pdf.extract_metadata(path)
        if options.mode == "off" or (options.mode == "auto" and born_digital and not want_archive):
            archive = self._archive_without_ocr(path, options, workdir) if want_archive else None
            return ParseResult(text=text, archive_path=archive, page_count=pages, metadata=metadata)
        mode = {"auto": "skip", "force": "force", "redo": "redo"}[options.mode]
        source = pdf.without_open_action(path, workdir) if want_archive else path
        job = self._job(source, workdir, mode, want_archive, options)
        scan = self._scanned(path, text, pages, options)
        try:
            if scan is not None:
                self._run_prepared(job, fastocr.Preparation(scan, options, workdir), options, scan)
            else:
                run_ocr(job, options)
        except (EncryptedFile, SignedPdf) as exc:
            if not text:
                raise
            logger.info("Using the existing text of %s: %s", path.name, exc)
            return ParseResult(text=text, archive_path=None, page_count=pages, metadata=metadata)
        ocr_text = read_sidecar(job)
        if ocr_text is None:
            ocr_text, _ = pdf.extract_text(job.output)
        return self._result(job, want_archive, normalize_text(ocr_text), pages, metadata)

    def _parse_image(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        width, height, frames = check_image(path, options)
        want_archive = should_produce_archive(self, mime, options)
        source = images.flatten_alpha(path, workdir) if images.has_alpha(path) else path
        stored_dpi = images.image_dpi(path)
        dpi = None if stored_dpi else options.image_dpi or images.estimate_dpi(width, height)
        if options.mode == "off":
            archive = self._archive_without_ocr(source, options, workdir, image_dpi=dpi) if want_archive else None
            return ParseResult(text="", archive_path=archive, page_count=frames, metadata=images.extract_metadata(path))
        job = self._job(source, workdir, "default", want_archive, options, image_dpi=dpi)
        # Our threads clean, deskew, turn and recognise the pages (fastocr) while the metadata is read.
        work = frame_file = None
        if fastocr.applies(options, frames):
            frame_file = pageprep.ImageFile(source, frames, float(stored_dpi or dpi or 300))
            work = fastocr.Preparation(frame_file, options, workdir)
        # With deskew or clean on, the first frame is decoded for them: its metadata comes with it (for a PNG
        # reading it means decoding the whole image).
        later = frame_file is not None and source == path and (options.deskew or options.clean != "none")
        metadata = [] if later else images.extract_metadata(path)
        if work is None:
            run_ocr(job, options)
        else:
            self._run_prepared(job, work, options)
        if later:
            metadata = self._metadata(frame_file, path)
        text = read_sidecar(job)
        if text is None:
            text, _ = pdf.extract_text(job.output)
        return self._result(job, want_archive, normalize_text(text), frames, metadata)

    @staticmethod
    def _metadata(frames: pageprep.ImageFile | None, path: Path) -> list[dict[str, str]]:
        if frames is not None and frames.metadata.done() and frames.metadata.exception() is None:
            return frames.metadata.result()
        return images.extract_metadata(path)  # the frame was never decoded, or its metadata could not be read

    def _scanned(self, path: Path, text: str, pages: int, options: ParseOptions) -> scanpdf.ScannedPdf | None:
        # A PDF of page images only, to be OCRed whole with deskew on: OCRmyPDF would re-render every page
        # from its image anyway, so its images are prepared as an image file's frames are.
        if options.mode not in ("auto", "force") or text.strip() or not options.deskew:
            return None
        return scanpdf.scanned_pages(path) if fastocr.applies(options, pages) else None

    def _run_prepared(self, job: OcrJob, work: fastocr.Preparation, options: ParseOptions,
                      scan: scanpdf.ScannedPdf | None = None) -> None:
        # OCRmyPDF starts assembling the PDF/A as soon as the page images exist and takes each page's
        # text layer when it is ready.
        logger.debug("Preparing %d pages of %s in our own threads", len(work), job.source.name)
        try:
            try:
                self._assemble(job, work, work.first_images(), options, scan)
            except PagesTurned:
                logger.info("A page of %s was turned; assembling again", job.source.name)
                self._assemble(job, work, work.final_images(), options, scan)
        except _PREPARATION_FAILURES as exc:
            logger.info("Preparing the pages of %s failed (%s); OCRmyPDF does all the work", job.source.name, exc)
            run_ocr(job, options)
        finally:
            work.close()

    def _assemble(self, job: OcrJob, work: fastocr.Preparation, images: list[Path | None], options: ParseOptions,
                  scan: scanpdf.ScannedPdf | None) -> None:
        origin = work.archive_pages(images, always=scan is not None)
        if origin is not None and scan is not None:
            scan.copy_info(origin)
        if origin is not None:
            # A fresh PDF of page images without text: OCRmyPDF's default mode keeps its pages as they are.
            job = replace(job, source=origin, image_dpi=None, mode="default")
        with prepared_pages(job.source, work, images):
            run_ocr(replace(job, prepared=True), options)

    def _job(self, source: Path, workdir: Path, mode: str, want_archive: bool, options: ParseOptions,
             image_dpi: int | None = None) -> OcrJob:
        output = workdir / ("archive.pdf" if want_archive else "ocr-output.pdf")
        pdfa = want_archive and options.output_type != "pdf"
        return OcrJob(source=source, output=output, sidecar=workdir / "sidecar.txt", mode=mode, pdfa=pdfa,
                      image_dpi=image_dpi)

    def _result(self, job: OcrJob, want_archive: bool, text: str, pages: int,
                metadata: list[dict[str, str]]) -> ParseResult:
        archive = job.output if want_archive else None
        if not want_archive:
            job.output.unlink(missing_ok=True)
        return ParseResult(text=text, archive_path=archive, page_count=pages, metadata=metadata)

    def _archive_without_ocr(self, source: Path, options: ParseOptions, workdir: Path,
                             image_dpi: int | None = None) -> Path:
        if image_dpi is None and source.suffix.lower() == ".pdf":
            source = pdf.without_open_action(source, workdir)
        job = OcrJob(source=source, output=workdir / "archive.pdf", sidecar=workdir / "sidecar.txt", mode="none",
                     pdfa=options.output_type != "pdf", image_dpi=image_dpi)
        run_ocr(job, options)
        return job.output
