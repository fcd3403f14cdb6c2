"""OCR of image files with Paperless's clean-up settings, in about the time of Tesseract itself.

OCRmyPDF, asked to clean, deskew and rotate an image page, renders it, runs Tesseract's orientation
detection on the whole page, measures the skew, rotates and re-encodes the page twice, runs unpaper and
re-encodes again, and only then recognises. Here each page is prepared by ``pageprep`` and recognised by
``tesseract`` in our own threads, with the same steps in the same order and Tesseract's settings
unchanged, but:

* the orientation is only asked for when the page did not read upright: the recognition's word
  confidences (and the layout's line direction) show that; a page that reads well needs no turning, so
  the separate orientation run (as long as recognition itself) is skipped for almost every page;
* the skew is measured on a half-size copy, rotation happens once, in two bands when a core is free;
* images move between steps as uncompressed files, never as PNG encodes.

OCRmyPDF then only assembles: the prepared page images become the PDF, our plugin hands it each page's
text layer, and OCRmyPDF grafts them and writes the PDF/A and the sidecar text as always.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from paperkeep.parsers import pageprep, tesseract
from paperkeep.parsers.options import ParseOptions

logger = logging.getLogger(__name__)

# A page whose words Tesseract read with at least this mean confidence, in lines running left to right,
# is upright: orientation detection could only turn it away from that. Upright text reads at 80-97;
# text upside down or sideways at 10-40.
UPRIGHT_CONFIDENCE = 60.0
# PAPERLESS_OCR_USER_ARGS keys that only shape the output PDF, not the page images or recognition.
OUTPUT_ONLY_USER_ARGS = frozenset({
    "optimize", "jpeg_quality", "jpg_quality", "png_quality", "jbig2_threshold", "pdfa_image_compression",
    "fast_web_view", "title", "author", "subject", "keywords", "output_type", "pdfa_backend",
    "color_conversion_strategy", "max_image_mpixels", "continue_on_soft_render_error", "tagged_pdf_mode",
})  # fmt: skip


@dataclass(frozen=True)
class PreparedPage:
    """One page after preparation and recognition."""

    ocr_image: Path  # what Tesseract read
    image: Path | None = None  # the archive page image, None when it is the source's page unchanged
    pdf: Path | None = None  # Tesseract's text-only PDF; None: OCRmyPDF's engine should read ocr_image
    text: Path | None = None


def applies(options: ParseOptions, frames: int) -> bool:
    """Return whether image OCR with these settings goes through this module (clean-up on, no odd user args)."""
    return (
        options.mode != "off"
        and (options.clean != "none" or options.deskew or options.rotate_pages)
        and set(options.user_args) <= OUTPUT_ONLY_USER_ARGS
        and (options.pages == 0 or frames <= options.pages)
    )


class Preparation:
    """The pages of one image file, prepared and recognised in background threads (``threads`` at a time)."""

    def __init__(self, source: Path, frames: int, dpi: float, options: ParseOptions, workdir: Path) -> None:
        slots = _Slots(options.threads)
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(options.threads, frames)), thread_name_prefix="ocr-page")
        self._pages = [_Page(source, index, dpi, options, workdir, slots) for index in range(frames)]
        self._done = [self._pool.submit(page.run) for page in self._pages]

    def __len__(self) -> int:
        return len(self._pages)

    def first_images(self) -> list[Path | None]:
        """Wait for each page's archive image (None: unchanged); a page may still be turned after this."""
        return [page.first_image.result() for page in self._pages]

    def page(self, index: int) -> PreparedPage:
        """Wait for page ``index`` to be recognised; raise what stopped it (e.g. TesseractUnusable)."""
        return self._done[index].result()

    def final_images(self) -> list[Path | None]:
        """Wait for every page and return its final archive image (None: unchanged)."""
        return [self.page(index).image for index in range(len(self))]

    def close(self) -> None:
        """Stop pages not yet started and wait for the running ones."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class _Slots:
    """CPU slots: a page holds one while it works and may borrow a free one to split a step in two."""

    def __init__(self, count: int) -> None:
        self._free = threading.Semaphore(max(1, count))

    @contextmanager
    def held(self) -> Iterator[None]:
        self._free.acquire()
        try:
            yield
        finally:
            self._free.release()

    @contextmanager
    def spare(self) -> Iterator[bool]:
        got = self._free.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                self._free.release()


class _Page:
    def __init__(self, source: Path, index: int, dpi: float, options: ParseOptions, workdir: Path,
                 slots: _Slots) -> None:
        self.source, self.index, self.dpi, self.options, self.slots = source, index, dpi, options, slots
        self.stem = workdir / f"page-{index + 1:04d}"
        self.clean = options.clean in ("clean", "clean-final")
        self.first_image: Future[Path | None] = Future()
        self._lock = threading.Lock()

    def run(self) -> PreparedPage:
        try:
            page = self._run()
        except BaseException as exc:
            self._announce(None, exc)
            raise
        self._announce(page.image)
        return page

    def _announce(self, image: Path | None, error: BaseException | None = None) -> None:
        with self._lock:
            if self.first_image.done():
                return
            if error is not None:
                self.first_image.set_exception(error)
            else:
                self.first_image.set_result(image)

    def _run(self) -> PreparedPage:
        with self.slots.held():
            frame = pageprep.load_frame(self.source, self.index, self.dpi)
            check = self.options.rotate_pages
            layout = self._layout(frame.image) if self.options.deskew else None
            if check and layout is not None and not layout.horizontal:
                # Lines run top to bottom: the page lies on its side; ask which way before recognising.
                return self._recognise(frame, self._correction(frame), None)[0]
            page, recognition = self._recognise(frame, 0, layout)
            if not check or recognition is None or _reads_upright(recognition):
                return page
            correction = self._correction(frame)
            return self._recognise(frame, correction, None)[0] if correction else page

    def _recognise(self, frame: pageprep.Frame, correction: int,
                   layout: tesseract.Layout | None) -> tuple[PreparedPage, tesseract.Recognition | None]:
        image = pageprep.orient(frame.image, correction)
        if self.options.deskew and layout is None:
            layout = self._layout(image)
        with self.slots.spare() as spare:
            page = pageprep.rotate(image, layout.deskew_degrees if layout else 0.0, spare)
            final = self.options.clean == "clean-final"
            saver = None if final else self._save(page, frame, correction)
            ocr_image = pageprep.unpaper(page, self.dpi) if self.clean else page
        if final:
            page = ocr_image
            saver = self._save(page, frame, correction)
        ocr_path = pageprep.save_for_tools(ocr_image, self.stem.with_name(f"{self.stem.name}-ocr{correction}.tiff"),
                                           self.dpi)
        try:
            recognition = tesseract.recognise(ocr_path, ocr_path.with_suffix(""), self.options.languages)
        except tesseract.TesseractUnusable as exc:
            logger.info("Leaving page %d to OCRmyPDF's Tesseract run: %s", self.index + 1, exc)
            recognition = None
        prepared = PreparedPage(ocr_image=ocr_path, image=saver.result() if saver else None,
                                pdf=recognition.pdf if recognition else None,
                                text=recognition.text if recognition else None)
        return prepared, recognition

    def _save(self, page: Image.Image, frame: pageprep.Frame, correction: int) -> Future[Path | None] | None:
        """Write the archive image in the background; the first one written is announced as first_image."""
        if page is frame.image:
            self._announce(None)
            return None
        stem = self.stem.with_name(f"{self.stem.name}-page{correction}")
        saved: Future[Path | None] = Future()

        def write() -> None:
            try:
                path = pageprep.save_page(page, stem, self.dpi, frame.jpeg)
            except BaseException as exc:
                saved.set_exception(exc)
                return
            saved.set_result(path)
            self._announce(path)

        threading.Thread(target=write, name=f"{threading.current_thread().name}-save").start()
        return saved

    def _layout(self, image: Image.Image) -> tesseract.Layout:
        small, dpi = pageprep.half_size(image, self.dpi)
        path = pageprep.save_for_tools(small, self.stem.with_name(f"{self.stem.name}-layout.tiff"), dpi)
        return tesseract.analyse_layout(path, self.options.languages)

    def _correction(self, frame: pageprep.Frame) -> int:
        path = self.stem.with_name(f"{self.stem.name}-preview.tiff")
        pageprep.save_for_tools(pageprep.preview(frame.image, self.dpi), path, min(self.dpi, pageprep.PREVIEW_MAX_DPI))
        found = tesseract.detect_orientation(path)
        correction = found.angle % 360
        if found.confidence >= self.options.rotate_pages_threshold and correction in (90, 180, 270):
            logger.info("Page %d faces %d degrees (confidence %.1f); turning it", self.index + 1, found.angle,
                        found.confidence)
            return correction
        return 0


def _reads_upright(recognition: tesseract.Recognition) -> bool:
    if not recognition.confidences:
        # Nothing to read: orientation detection would find too few characters as well.
        return True
    return recognition.horizontal and recognition.mean_confidence >= UPRIGHT_CONFIDENCE


def archive_pages(images: Sequence[Path | None], source: Path, dpi: float, workdir: Path) -> Path | None:
    """Write the PDF of the page images (None: the source's page as it is), or None when all are the source's."""
    if all(image is None for image in images):
        return None
    import img2pdf

    files = []
    for index, image in enumerate(images):
        if image is None:
            frame = pageprep.load_frame(source, index, dpi)
            image = pageprep.save_page(frame.image, workdir / f"page-{index + 1:04d}-as-is", dpi, frame.jpeg)
        files.append(str(image))
    out = workdir / f"pages-{abs(hash(tuple(files))):x}.pdf"
    out.write_bytes(img2pdf.convert(files))
    return out
