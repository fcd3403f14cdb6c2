"""The one protocol every parser implements."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from paperkeep.parsers.options import ParseOptions, ParseResult


@runtime_checkable
class Parser(Protocol):
    """Turns one file into text, and optionally an archive PDF.

    ``mime_types`` maps each MIME type the parser handles to the file extension for it.
    ``score`` says how well the parser fits a file (higher wins; ``None`` means "not this one").
    ``parse`` writes any files it makes into ``workdir``, which the caller owns and cleans up.
    """

    @property
    def name(self) -> str:
        """A unique, stable name such as ``paperkeep.raster``."""
        ...

    @property
    def mime_types(self) -> Mapping[str, str]:
        """The MIME types handled, each mapped to its file extension (with the dot)."""
        ...

    @property
    def can_produce_archive(self) -> bool:
        """Whether the parser can make an archive PDF."""
        ...

    @property
    def requires_pdf_rendition(self) -> bool:
        """Whether the original cannot be shown in a browser, so an archive PDF is always made."""
        ...

    def score(self, mime: str, path: Path | None = None) -> int | None:
        """Return how well this parser fits ``mime`` (higher wins), or None if it does not."""
        ...

    def parse(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        """Parse ``path`` and return its text, archive and metadata."""
        ...
