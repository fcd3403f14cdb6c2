"""The parser registry: which parser handles which MIME type."""

from __future__ import annotations

import logging
import threading
from importlib.metadata import entry_points
from pathlib import Path

from paperkeep.parsers.protocol import Parser

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "paperkeep.parsers"

_lock = threading.Lock()
_parsers: list[Parser] = []
_loaded = False


def register(parser: Parser) -> None:
    """Add a parser; on equal scores, parsers registered later win over earlier ones."""
    with _lock:
        _parsers.insert(0, parser)


def parsers() -> tuple[Parser, ...]:
    """Return every registered parser, the built-in ones loaded on first use."""
    _ensure_loaded()
    return tuple(_parsers)


def get_parser(mime: str, path: Path | None = None) -> Parser | None:
    """Return the parser with the highest score for ``mime``, or None if none handles it."""
    best: Parser | None = None
    best_score = -1
    for parser in parsers():
        if mime not in parser.mime_types:
            continue
        score = parser.score(mime, path)
        if score is not None and score > best_score:
            best, best_score = parser, score
    return best


def supported_mime_types() -> dict[str, str]:
    """Return every MIME type some parser handles, mapped to its file extension."""
    result: dict[str, str] = {}
    for parser in reversed(parsers()):
        result.update(parser.mime_types)
    return result


def extension_for(mime: str) -> str | None:
    """Return the file extension (with the dot) for a supported MIME type."""
    return supported_mime_types().get(mime)


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        from paperkeep.parsers.mail import MailParser
        from paperkeep.parsers.office import OfficeParser
        from paperkeep.parsers.raster import RasterParser
        from paperkeep.parsers.text import TextParser

        builtins: list[Parser] = [TextParser(), MailParser(), OfficeParser(), RasterParser()]
        # Built-ins lose ties to everything registered by plugins or callers.
        _parsers.extend(builtins)
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                plugin = ep.load()
                _parsers.insert(0, plugin() if isinstance(plugin, type) else plugin)
            except Exception:  # a broken plugin must not stop the built-in parsers
                logger.exception("Could not load parser plugin %s", ep.name)
        _loaded = True
