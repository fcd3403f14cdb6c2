"""The page images of a scanned PDF, for fastocr: one image per page, drawn over the whole page, nothing else.

That is what scanners and scanning apps write. Such a PDF's pages are the images themselves, so they are
prepared and recognised as an image file's frames would be; OCRmyPDF with deskew on replaces each page by its
rendered, deskewed image all the same. Anything else (text, vectors, several images, masks, annotations,
forms or signatures, turned pages) is left to OCRmyPDF.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path

import pikepdf

from paperkeep.parsers import pageprep

logger = logging.getLogger(__name__)

# Page and image may differ this much (points, and relative resolution) and still be "the image is the page".
_BOX_TOLERANCE = 1.0
_DPI_TOLERANCE = 0.01
_PAINTING_OPS = {"q", "Q", "cm", "Do"}
_DOCINFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate", "/ModDate")


class ScannedPdf:
    """The page images of a PDF that ``scanned_pages`` accepted."""

    def __init__(self, path: Path, dpis: list[float]) -> None:
        self.path, self.dpis = path, dpis

    def __len__(self) -> int:
        return len(self.dpis)

    def load(self, index: int) -> pageprep.Frame:
        """Decode page ``index``'s image (an OSError if it cannot be, so OCRmyPDF takes over)."""
        try:
            with pikepdf.open(self.path) as pdf:
                stream = next(iter(pdf.pages[index].resources["/XObject"].values()))
                image = pikepdf.PdfImage(stream)  # type: ignore[arg-type]
                jpeg = image.filters == ["/DCTDecode"]
                decoded = image.as_pil_image()
        except (pikepdf.PdfError, NotImplementedError, ValueError, KeyError) as exc:
            raise OSError(f"page {index + 1}'s image cannot be decoded: {exc}") from exc
        return pageprep.Frame(image=pageprep.working_mode(decoded), dpi=self.dpis[index], jpeg=jpeg)

    def as_is(self, index: int) -> Path | None:
        """Return None: a PDF page is never a file Tesseract reads."""
        return None

    def copy_info(self, target: Path) -> None:
        """Give ``target`` this PDF's title, author and dates, as OCRmyPDF carries them into its output."""
        with pikepdf.open(self.path) as source, pikepdf.open(target, allow_overwriting_input=True) as out:
            for key in _DOCINFO_KEYS:
                if key in source.docinfo:
                    value = source.docinfo[key]
                    out.docinfo[key] = out.copy_foreign(value) if value.is_indirect else value
            out.save(target)


def scanned_pages(path: Path) -> ScannedPdf | None:
    """Return the page images of a PDF whose every page is one full-page image, or None."""
    try:
        with pikepdf.open(path) as pdf:
            if "/AcroForm" in pdf.Root:
                return None
            dpis = [_image_page_dpi(page) for page in pdf.pages]
    except pikepdf.PdfError:
        return None
    if not dpis or any(dpi is None for dpi in dpis):
        return None
    return ScannedPdf(path, [dpi for dpi in dpis if dpi is not None])


def _image_page_dpi(page: pikepdf.Page) -> float | None:
    """Return the resolution of the page's single image if it covers the page and is all there is."""
    if int(page.obj.get("/Rotate", 0)) % 360 or "/Annots" in page.obj:
        return None
    xobjects = page.resources.get("/XObject", pikepdf.Dictionary())
    if not isinstance(xobjects, pikepdf.Dictionary) or len(xobjects) != 1:
        return None
    image = next(iter(xobjects.values()))
    if image.get("/Subtype") != "/Image" or "/SMask" in image or "/Mask" in image:
        return None
    if bool(image.get("/ImageMask", False)):
        return None
    placed = _placement(page)
    box = [float(v) for v in page.mediabox]
    width, height = box[2] - box[0], box[3] - box[1]
    if placed is None or any(abs(a - b) > _BOX_TOLERANCE for a, b in zip(placed, (width, height, box[0], box[1]),
                                                                             strict=True)):
        return None
    xdpi, ydpi = int(image.Width) * 72 / width, int(image.Height) * 72 / height
    return xdpi if abs(xdpi - ydpi) <= xdpi * _DPI_TOLERANCE else None


def _placement(page: pikepdf.Page) -> tuple[float, float, float, float] | None:
    """Return (width, height, x, y) of the one image drawn, if the content is just ``q cm Do Q``."""
    instructions = pikepdf.parse_content_stream(page)
    if not all(isinstance(item, pikepdf.ContentStreamInstruction) for item in instructions):
        return None  # an inline image
    ops = [(str(item.operator), list(item.operands)) for item in instructions
           if isinstance(item, pikepdf.ContentStreamInstruction)]
    if {op for op, _ in ops} - _PAINTING_OPS or [op for op, _ in ops].count("Do") != 1:
        return None
    matrices = [operands for op, operands in ops if op == "cm"]
    if len(matrices) != 1:
        return None
    a, b, c, d, e, f = (float(Decimal(str(v))) for v in matrices[0])
    return (a, d, e, f) if b == 0 and c == 0 else None
