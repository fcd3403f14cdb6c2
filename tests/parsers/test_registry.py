"""The registry picks the highest-scoring parser for a MIME type and maps types to extensions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions, ParseResult, extension_for, get_parser, registry, supported_mime_types


class _LoudTextParser:
    name = "test.loud-text"
    mime_types = {"text/plain": ".txt"}
    can_produce_archive = False
    requires_pdf_rendition = False

    def __init__(self, score: int | None) -> None:
        self._score = score

    def score(self, mime: str, path: Path | None = None) -> int | None:
        return self._score

    def parse(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        return ParseResult(text=Path(path).read_text().upper())


@pytest.fixture
def restore_registry() -> Iterator[None]:
    registry.parsers()
    saved = list(registry._parsers)
    yield
    registry._parsers[:] = saved


@pytest.mark.parametrize(
    ("mime", "name"),
    [("application/pdf", "paperkeep.raster"), ("image/png", "paperkeep.raster"), ("image/tiff", "paperkeep.raster"),
     ("text/plain", "paperkeep.text"), ("text/csv", "paperkeep.text"), ("message/rfc822", "paperkeep.mail"),
     ("application/vnd.oasis.opendocument.text", "paperkeep.office")],
)
def test_builtin_parser_for_type(mime: str, name: str) -> None:
    """GIVEN the built-in parsers
    WHEN a parser is asked for a MIME type
    THEN the one made for it is returned."""
    parser = get_parser(mime)
    assert parser is not None and parser.name == name


def test_unknown_type_has_no_parser() -> None:
    """GIVEN the built-in parsers
    WHEN a parser is asked for application/zip
    THEN there is none."""
    assert get_parser("application/zip") is None


def test_higher_score_wins(restore_registry: None) -> None:
    """GIVEN a registered parser scoring 20 for text/plain
    WHEN a parser is asked for text/plain
    THEN it wins over the built-in text parser (score 10)."""
    registry.register(_LoudTextParser(20))
    parser = get_parser("text/plain")
    assert parser is not None and parser.name == "test.loud-text"


def test_none_score_is_not_a_candidate(restore_registry: None) -> None:
    """GIVEN a registered parser that scores None for text/plain
    WHEN a parser is asked for text/plain
    THEN the built-in text parser is returned."""
    registry.register(_LoudTextParser(None))
    parser = get_parser("text/plain")
    assert parser is not None and parser.name == "paperkeep.text"


def test_tie_goes_to_later_registered(restore_registry: None) -> None:
    """GIVEN a registered parser with the same score as the built-in one
    WHEN a parser is asked for text/plain
    THEN the registered one wins the tie."""
    registry.register(_LoudTextParser(10))
    parser = get_parser("text/plain")
    assert parser is not None and parser.name == "test.loud-text"


@pytest.mark.parametrize(
    ("mime", "ext"),
    [("application/pdf", ".pdf"), ("image/jpeg", ".jpg"), ("text/csv", ".csv"), ("message/rfc822", ".eml"),
     ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")],
)
def test_extension_for_type(mime: str, ext: str) -> None:
    """GIVEN a supported MIME type
    WHEN its extension is asked for
    THEN the usual one is returned."""
    assert extension_for(mime) == ext


def test_supported_types_cover_every_parser() -> None:
    """GIVEN the built-in parsers
    WHEN the supported types are listed
    THEN PDFs, images, text, mail and office types are all there, and zip is not."""
    types = supported_mime_types()
    for mime in ("application/pdf", "image/webp", "image/gif", "text/markdown", "message/rfc822",
                 "application/vnd.oasis.opendocument.spreadsheet"):
        assert mime in types
    assert "application/zip" not in types
