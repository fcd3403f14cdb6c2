"""Text extraction, OCR, archive PDF/A, thumbnails, type detection and date finding. No Django here.

Typical use by the ingest pipeline::

    check_file(path, opts)                       # EmptyFile / TooLarge before anything else
    mime = detect_mime(path)                     # by content
    parser = get_parser(mime)                    # None -> raise UnsupportedType.for_mime(mime)
    result = parser.parse(path, mime, opts, workdir)
    thumb = make_thumbnail(result.archive_path or path,
                           "application/pdf" if result.archive_path else mime, workdir)
    dates = find_dates(result.text, filename=name, date_order="DMY")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from paperkeep.lazy import lazy_names

if TYPE_CHECKING:
    from paperkeep.parsers.archive import should_produce_archive
    from paperkeep.parsers.dates import find_dates
    from paperkeep.parsers.errors import (
        ConversionFailed,
        CorruptFile,
        DecompressionBomb,
        EmptyFile,
        EncryptedFile,
        OcrFailed,
        ParseError,
        TooLarge,
        UnsupportedType,
    )
    from paperkeep.parsers.guards import check_file
    from paperkeep.parsers.mime import detect_mime
    from paperkeep.parsers.ocr import SignedPdf
    from paperkeep.parsers.options import ParseOptions, ParseResult
    from paperkeep.parsers.protocol import Parser
    from paperkeep.parsers.registry import extension_for, get_parser, register, supported_mime_types
    from paperkeep.parsers.thumbnails import make_thumbnail

# Each name is imported from its module on first use (PEP 562), so that the web process, which needs an error class
# or a MIME table, does not load Pillow, libmagic or OCRmyPDF.
_HOMES = {
    "should_produce_archive": "archive",
    "find_dates": "dates",
    **dict.fromkeys(
        ("ConversionFailed", "CorruptFile", "DecompressionBomb", "EmptyFile", "EncryptedFile", "OcrFailed",
         "ParseError", "TooLarge", "UnsupportedType"),
        "errors",
    ),
    "check_file": "guards",
    "detect_mime": "mime",
    "SignedPdf": "ocr",
    "ParseOptions": "options",
    "ParseResult": "options",
    "Parser": "protocol",
    **dict.fromkeys(("extension_for", "get_parser", "register", "supported_mime_types"), "registry"),
    "make_thumbnail": "thumbnails",
}


__getattr__ = lazy_names(__name__, globals(), _HOMES)


__all__ = [
    "ConversionFailed",
    "CorruptFile",
    "DecompressionBomb",
    "EmptyFile",
    "EncryptedFile",
    "OcrFailed",
    "ParseError",
    "ParseOptions",
    "ParseResult",
    "Parser",
    "SignedPdf",
    "TooLarge",
    "UnsupportedType",
    "check_file",
    "detect_mime",
    "extension_for",
    "extract_metadata",
    "find_dates",
    "get_parser",
    "make_thumbnail",
    "register",
    "should_produce_archive",
    "supported_mime_types",
]


def extract_metadata(path: Path, mime: str) -> list[dict[str, str]]:
    """Return a file's embedded metadata (PDF XMP/info, image EXIF) as namespace/prefix/key/value records."""
    if mime == "application/pdf":
        from paperkeep.parsers.pdf import extract_metadata as pdf_metadata

        return pdf_metadata(Path(path))
    if mime.startswith("image/"):
        from paperkeep.parsers.images import extract_metadata as image_metadata

        return image_metadata(Path(path))
    return []
