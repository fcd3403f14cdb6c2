"""OCR of image files with Paperless's clean-up settings, as close to the time of Tesseract alone as they allow.

OCRmyPDF, asked to clean, deskew and rotate an image page, renders it, runs Tesseract's orientation
detection on the whole page, measures the skew, rotates and re-encodes the page twice, runs unpaper and
re-encodes again, and only then recognises. Here each page is prepared by ``pageprep`` and recognised by
``tesseract`` in our own threads (``threads`` pages at a time), with the same steps and Tesseract's own
settings unchanged, but:

* the orientation is only asked for when the page did not read upright: the recognition's word
  confidences and word shapes (and, before that, the layout's line direction) show that. A page that
  reads well needs no turning, so the separate orientation run, as long as recognition itself, is
  skipped for almost every page;
* the skew is measured on a half-size copy; the page is rotated nearest-neighbour (the geometry of
  OCRmyPDF's bicubic deskew in a tenth of the time, the same words found); unpaper's two active filters
  run in-process (``cleanfilters``, in two bands when a core is free), and when a core is free they clean
  the page as found while its skew is measured, the cleaned page then being rotated (a nearest-neighbour
  rotation carries cleared pixels along; the archive page is rotated while Tesseract reads); images move
  between steps in memory or as uncompressed files, never as PNG encodes;
* Tesseract runs in-process with its models kept loaded (``tessapi``: layout, orientation and recognition
  exactly as the program does them, without its start-up), the program being the fallback;
* OCRmyPDF starts assembling while Tesseract reads: the prepared page images become its input, our
  plugin hands it each page's text layer when ready, and it grafts them and writes the PDF/A and the
  sidecar text as always. A page turned after that start makes the assembly run again.
"""

from __future__ import annotations

import functools
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
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
    correction: int = 0  # counter-clockwise degrees the page was turned by
    orientation_asked: bool = False  # whether Tesseract's orientation detection ran


def applies(options: ParseOptions, frames: int) -> bool:
    """Return whether image OCR with these settings goes through this module (no user args it cannot honour)."""
    return (
        options.mode != "off"
        and set(options.user_args) <= OUTPUT_ONLY_USER_ARGS
        and (options.pages == 0 or frames <= options.pages)
    )


class Preparation:
    """The pages of one image file, prepared and recognised in background threads (``threads`` at a time)."""

    def __init__(self, images: pageprep.PageImages, options: ParseOptions, workdir: Path) -> None:
        slots = _Slots(options.threads)
        self.images = images
        self.folder = Path(tempfile.mkdtemp(prefix="pages-", dir=workdir))
        workers = max(1, min(options.threads, len(images)))
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr-page")
        self._pages = [_Page(images, index, options, self.folder, slots) for index in range(len(images))]
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

    def archive_pages(self, images: Sequence[Path | None], always: bool = False) -> Path | None:
        """Write the PDF of these page images (None: the source's page as decoded); None when all are the
        source's and ``always`` is false (the source itself is the archive's input then)."""
        if not always and all(image is None for image in images):
            return None
        import img2pdf

        files = []
        for index, image in enumerate(images):
            if image is None:
                frame = self.images.load(index)
                image = pageprep.save_page(frame.image, self.folder / f"page-{index + 1:04d}-as-is", frame.dpi,
                                           frame.jpeg)
            files.append(str(image))
        out = self.folder / f"pages-{len(list(self.folder.glob('pages-*.pdf'))) + 1}.pdf"  # a retry keeps the first
        # Our own page images carry no EXIF orientation (frames are turned upright when decoded): telling
        # img2pdf so spares it decoding every PNG in full just to look for one.
        out.write_bytes(img2pdf.convert(files, rotation=img2pdf.Rotation.none))
        return out

    def close(self) -> None:
        """Stop pages not yet started, wait for the running ones and remove their files."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)


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
    def __init__(self, images: pageprep.PageImages, index: int, options: ParseOptions, workdir: Path,
                 slots: _Slots) -> None:
        self.images, self.index, self.options, self.slots = images, index, options, slots
        self.stem = workdir / f"page-{index + 1:04d}"
        self.clean = options.clean in ("clean", "clean-final")
        self.first_image: Future[Path | None] = Future()
        self._cleaned: Image.Image | None = None  # the page as found, cleaned (see _measure)
        self._lock = threading.Lock()

    @functools.cached_property
    def frame(self) -> pageprep.Frame:
        return self.images.load(self.index)

    @property
    def dpi(self) -> float:
        return self.frame.dpi

    def run(self) -> PreparedPage:
        try:
            with self.slots.held():
                page = self._run()
        except BaseException as exc:
            self._announce(None, exc)
            raise
        finally:
            self.__dict__.pop("frame", None)  # a long TIFF must not stay decoded page after page
            self._cleaned = None
        self._announce(page.image)
        return page

    def _run(self) -> PreparedPage:
        layout = self._measure() if self.options.deskew else None
        if not self.options.rotate_pages:
            return self._recognise(0, layout)[0]
        if layout is not None and not layout.horizontal:
            # Lines run top to bottom: the page lies on its side; ask which way before recognising.
            correction = self._correction()
            return self._recognise(correction, _kept(layout, correction), asked=True)[0]
        page, recognition = self._recognise(0, layout)
        if recognition is None or _reads_upright(recognition):
            return page
        correction = self._correction()
        if not correction:
            return replace(page, orientation_asked=True)
        return self._recognise(correction, _kept(layout, correction), asked=True)[0]

    def _recognise(self, correction: int, layout: tesseract.Layout | None,
                   asked: bool = False) -> tuple[PreparedPage, tesseract.Recognition | None]:
        if not (correction or self.options.deskew or self.clean):
            # Nothing to change: Tesseract reads the page as a bare run would.
            self._announce(None)
            ocr_path, image_path = self._as_is(), None
        else:
            ocr_path, image_path = self._prepare(correction, layout)
        try:
            recognition = tesseract.recognise(ocr_path, self.stem.with_name(f"{self.stem.name}-text{correction}"),
                                              self.options.languages)
        except tesseract.TesseractUnusable as exc:
            logger.info("Leaving page %d to OCRmyPDF's Tesseract run: %s", self.index + 1, exc)
            recognition = None
        prepared = PreparedPage(ocr_image=ocr_path, image=image_path.result() if image_path else None,
                                pdf=recognition.pdf if recognition else None,
                                text=recognition.text if recognition else None, correction=correction,
                                orientation_asked=asked)
        return prepared, recognition

    def _prepare(self, correction: int, layout: tesseract.Layout | None) -> tuple[Path, Future[Path | None] | None]:
        """Turn, deskew and clean the page; return the image for Tesseract and the archive image to come."""
        image = pageprep.orient(self.frame.image, correction)
        if self.options.deskew and layout is None:
            layout = self._layout(image)
        degrees = layout.deskew_degrees if layout else 0.0
        cleaned = self._cleaned if not correction else None
        if self.clean and cleaned is not None:
            # Cleaned while the skew was measured, then rotated: what Tesseract reads. The archive page is
            # rotated while Tesseract reads.
            ocr_image = pageprep.rotate(cleaned, degrees)
            page: Image.Image | Callable[[], Image.Image] = (
                functools.partial(pageprep.rotate, image, degrees) if degrees else image)
        elif self.clean:
            page = pageprep.rotate(image, degrees)
            with self.slots.spare() as spare:
                ocr_image = pageprep.unpaper(page, self.dpi, spare)
        else:
            page = ocr_image = pageprep.rotate(image, degrees)
        # The archive image is encoded while Tesseract reads (on the core the clean-up no longer needs).
        saver = self._save(ocr_image if self.options.clean == "clean-final" else page, correction)
        path = pageprep.save_for_tools(ocr_image, self.stem.with_name(f"{self.stem.name}-ocr{correction}.tiff"),
                                       self.dpi)
        if saver is not None:
            # Announced only now, so that OCRmyPDF starts while Tesseract reads, not while the page is cleaned.
            saver.add_done_callback(lambda done: self._announce(None, done.exception()) if done.exception()
                                    else self._announce(done.result()))
        return path, saver

    def _as_is(self) -> Path:
        as_is = self.images.as_is(self.index)
        if as_is is not None:
            return as_is
        return pageprep.save_for_tools(self.frame.image, self.stem.with_name(f"{self.stem.name}-ocr.tiff"), self.dpi)

    def _save(self, page: Image.Image | Callable[[], Image.Image], correction: int) -> Future[Path | None] | None:
        """Write the archive image (or make it, then write it) in the background (None: the page is the source's
        own, announced as such)."""
        if page is self.frame.image:
            self._announce(None)
            return None
        stem = self.stem.with_name(f"{self.stem.name}-page{correction}")
        saved: Future[Path | None] = Future()

        def write() -> None:
            try:
                path = pageprep.save_page(page if isinstance(page, Image.Image) else page(), stem, self.dpi,
                                          self.frame.jpeg)
            except BaseException as exc:
                saved.set_exception(exc)
                return
            saved.set_result(path)

        threading.Thread(target=write, name=f"{threading.current_thread().name}-save").start()
        return saved

    def _announce(self, image: Path | None, error: BaseException | None = None) -> None:
        with self._lock:
            if self.first_image.done():
                return
            if error is not None:
                self.first_image.set_exception(error)
            else:
                self.first_image.set_result(image)

    def _measure(self) -> tesseract.Layout:
        """Measure the page's layout; with clean on and a core free, clean the page meanwhile (``_cleaned``)."""
        if not self.clean:
            return self._layout(self.frame.image)
        with self.slots.spare() as spare:
            if not spare:
                return self._layout(self.frame.image)
            image, dpi = self.frame.image, self.dpi

            def clean() -> None:
                try:
                    self._cleaned = pageprep.unpaper(image, dpi, True)
                except Exception:  # cleaned again after the rotation, where the error is raised
                    logger.debug("Cleaning page %d early failed", self.index + 1, exc_info=True)

            cleaning = threading.Thread(target=clean, name=f"{threading.current_thread().name}-clean")
            cleaning.start()
            try:
                return self._layout(image)
            finally:
                cleaning.join()

    def _layout(self, image: Image.Image) -> tesseract.Layout:
        small, dpi = pageprep.half_size(image, self.dpi)
        return tesseract.layout_of(small, dpi, self.options.languages,
                                   self.stem.with_name(f"{self.stem.name}-layout.tiff"))

    def _correction(self) -> int:
        path = self.stem.with_name(f"{self.stem.name}-preview.tiff")
        preview_dpi = min(self.dpi, pageprep.PREVIEW_MAX_DPI)
        found = tesseract.orientation_of(pageprep.preview(self.frame.image, self.dpi), preview_dpi, path)
        correction = found.angle % 360
        if found.confidence >= self.options.rotate_pages_threshold and correction in (90, 180, 270):
            logger.info("Page %d faces %d degrees (confidence %.1f); turning it", self.index + 1, found.angle,
                        found.confidence)
            return correction
        return 0


def _kept(layout: tesseract.Layout | None, correction: int) -> tesseract.Layout | None:
    # Not turned, or turned upside down, the lines keep their slant; turned on its side, measure again.
    return layout if correction in (0, 180) else None


def _reads_upright(recognition: tesseract.Recognition) -> bool:
    if not recognition.confidences:
        # Nothing to read: orientation detection would find too few characters as well.
        return True
    return recognition.horizontal and recognition.mean_confidence >= UPRIGHT_CONFIDENCE
