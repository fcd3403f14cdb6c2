"""Whether a document gets an archive PDF (Paperless v3 semantics of PAPERLESS_ARCHIVE_FILE_GENERATION)."""

from __future__ import annotations

from paperkeep.parsers.options import ParseOptions
from paperkeep.parsers.protocol import Parser


def should_produce_archive(parser: Parser, mime: str, options: ParseOptions, *, born_digital: bool = False) -> bool:
    """Decide whether to make an archive PDF for a file of type ``mime``.

    A parser that needs a PDF to show the document always makes one; one that cannot never does.
    Otherwise ``always`` and ``never`` decide; under ``auto`` images get one, and PDFs get one
    unless they are born-digital (they already have real text).
    """
    if parser.requires_pdf_rendition:
        return True
    if not parser.can_produce_archive:
        return False
    if options.archive_generation == "always":
        return True
    if options.archive_generation == "never":
        return False
    if mime.startswith("image/"):
        return True
    if mime == "application/pdf":
        return not born_digital
    return False
