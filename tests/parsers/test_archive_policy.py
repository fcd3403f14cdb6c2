"""Who gets an archive PDF: PAPERLESS_ARCHIVE_FILE_GENERATION with Paperless v3 semantics."""

from __future__ import annotations

import pytest

from paperkeep.parsers import ParseOptions, get_parser, should_produce_archive


def _decide(mime: str, generation: str, born_digital: bool = False) -> bool:
    parser = get_parser(mime)
    assert parser is not None
    return should_produce_archive(parser, mime, ParseOptions(archive_generation=generation),
                                  born_digital=born_digital)


@pytest.mark.parametrize(
    ("mime", "born_digital", "expected"),
    [("application/pdf", True, False), ("application/pdf", False, True), ("image/png", False, True),
     ("text/plain", False, False)],
)
def test_auto(mime: str, born_digital: bool, expected: bool) -> None:
    """GIVEN archive generation auto
    WHEN the decision is made
    THEN born-digital PDFs and text get none; scanned PDFs and images get one."""
    assert _decide(mime, "auto", born_digital) is expected


@pytest.mark.parametrize(("generation", "expected"), [("always", True), ("never", False)])
def test_always_and_never_decide_for_pdfs(generation: str, expected: bool) -> None:
    """GIVEN archive generation always or never
    WHEN the decision is made for a born-digital PDF
    THEN the setting decides."""
    assert _decide("application/pdf", generation, born_digital=True) is expected


@pytest.mark.parametrize("mime", ["message/rfc822", "application/vnd.oasis.opendocument.text"])
def test_pdf_rendition_parsers_always_get_one(mime: str) -> None:
    """GIVEN archive generation never
    WHEN the decision is made for mail or an office document
    THEN they get an archive anyway (browsers cannot show the original)."""
    assert _decide(mime, "never") is True


def test_text_never_gets_one() -> None:
    """GIVEN archive generation always
    WHEN the decision is made for a text file
    THEN it gets none (the text parser cannot make one)."""
    assert _decide("text/plain", "always") is False
