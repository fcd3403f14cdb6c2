"""Reading PDFs with pypdfium2: open with clear errors, text, page count, born-digital test, metadata."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium

from paperkeep.parsers.errors import CorruptFile, EncryptedFile
from paperkeep.parsers.textutil import normalize_text

logger = logging.getLogger(__name__)

# A PDF whose text layer has more than this many characters counts as born-digital.
BORN_DIGITAL_MIN_CHARS = 50

# PDFium's load error codes (FPDF_ERR_*).
_ERR_FORMAT = 3
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfium.PdfDocument]:
    """Open a PDF, turning PDFium's load errors into CorruptFile or EncryptedFile."""
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise EncryptedFile() from exc
        raise CorruptFile("The PDF is damaged and cannot be read.") from exc
    try:
        yield doc
    finally:
        doc.close()


def page_count(path: Path) -> int:
    """Return the number of pages."""
    with open_pdf(path) as doc:
        return len(doc)


def extract_text(path: Path, max_pages: int = 0) -> tuple[str, int]:
    """Return the normalised text layer of the first ``max_pages`` pages (0: all) and the page count."""
    with open_pdf(path) as doc:
        count = len(doc)
        limit = count if max_pages <= 0 else min(count, max_pages)
        parts = []
        for index in range(limit):
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
                    parts.append(textpage.get_text_bounded())
                finally:
                    textpage.close()
            except pdfium.PdfiumError:
                logger.warning("Could not read the text of page %d of %s", index + 1, path)
            finally:
                page.close()
    return normalize_text("\n\n".join(parts)), count


def is_tagged(path: Path) -> bool:
    """Return whether the PDF declares itself tagged (made by an authoring tool with structure)."""
    with open_pdf(path) as doc:
        return bool(doc.is_tagged())


def is_born_digital(text: str, path: Path) -> bool:
    """Return whether a PDF with this text layer already has real text (no OCR needed)."""
    if not text.strip():
        return False
    return len(text) > BORN_DIGITAL_MIN_CHARS or is_tagged(path)


def without_open_action(path: Path, workdir: Path) -> Path:
    """Return a copy of the PDF without /OpenAction (OCRmyPDF's PDF/A check refuses it), or the PDF itself."""
    import pikepdf

    try:
        with pikepdf.open(path) as doc:
            if "/OpenAction" not in doc.Root:
                return path
            del doc.Root.OpenAction
            out = workdir / "pdfa-input.pdf"
            doc.save(out)
            return out
    except pikepdf.PdfError:
        return path  # let OCRmyPDF report the problem


def extract_metadata(path: Path) -> list[dict[str, str]]:
    """Return the PDF's XMP and document-info metadata as namespace/prefix/key/value records."""
    import pikepdf

    records: list[dict[str, str]] = []
    try:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
            for qname, value in meta.items():
                namespace, _, key = qname[1:].partition("}") if qname.startswith("{") else ("", "", qname)
                prefix = _XMP_PREFIXES.get(namespace, "")
                records.append({"namespace": namespace, "prefix": prefix, "key": key, "value": str(value)})
            if not records:
                for name, value in pdf.docinfo.items():
                    records.append({"namespace": _PDF_NS, "prefix": "pdf", "key": str(name).lstrip("/"),
                                    "value": str(value)})
    except pikepdf.PasswordError:
        return []
    except Exception:  # metadata is a nicety; a damaged XMP block must not fail the document
        logger.warning("Could not read the metadata of %s", path, exc_info=True)
    return records


_PDF_NS = "http://ns.adobe.com/pdf/1.3/"
_XMP_PREFIXES = {
    _PDF_NS: "pdf",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
}
