"""Plain text, CSV and Markdown: the text is the file itself."""

from __future__ import annotations

from pathlib import Path

from paperkeep.parsers.guards import check_file
from paperkeep.parsers.options import ParseOptions, ParseResult
from paperkeep.parsers.textutil import decode_bytes, normalize_text


class TextParser:
    """Text files; no archive (the original is already readable)."""

    name = "paperkeep.text"
    mime_types = {
        "text/plain": ".txt",
        "text/csv": ".csv",
        "application/csv": ".csv",
        "text/markdown": ".md",
    }
    can_produce_archive = False
    requires_pdf_rendition = False

    def score(self, mime: str, path: Path | None = None) -> int | None:
        """Return 10 for the text types."""
        return 10 if mime in self.mime_types else None

    def parse(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        """Decode the file (UTF-8, else a sensible fallback) and return it as the text."""
        check_file(path, options)
        text = normalize_text(decode_bytes(Path(path).read_bytes()))
        return ParseResult(text=text, archive_path=None, page_count=None)
