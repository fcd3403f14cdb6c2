"""Born-digital PDFs: text straight from the text layer, no OCR, no archive unless the settings ask."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions, get_parser
from paperkeep.parsers.raster import RasterParser
from tests import filegen
from tests.parsers.conftest import LETTER_LINES
from tests.parsers.helpers import assert_words, pdfa_part


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    return filegen.text_pdf(tmp_path / "letter.pdf", [LETTER_LINES, ["Page two of the letter"]], title="ACME letter")


def _parse(path: Path, workdir: Path, **settings: object):  # type: ignore[no-untyped-def]
    return RasterParser().parse(path, "application/pdf", replace(ParseOptions(), **settings), workdir)


def test_text_comes_from_text_layer(letter: Path, workdir: Path) -> None:
    """GIVEN a two-page born-digital PDF
    WHEN it is parsed with the default settings
    THEN the text is the PDF's text, line by line, and the page count is 2."""
    result = _parse(letter, workdir)
    assert result.text.splitlines()[:2] == list(LETTER_LINES[:2])
    assert "Page two of the letter" in result.text
    assert result.page_count == 2


def test_no_ocr_and_no_archive_under_auto(letter: Path, workdir: Path) -> None:
    """GIVEN a born-digital PDF
    WHEN it is parsed with mode auto and archive generation auto
    THEN no archive is made and nothing is written to the work directory (OCRmyPDF never ran)."""
    result = _parse(letter, workdir)
    assert result.archive_path is None
    assert list(workdir.iterdir()) == []


def test_archive_always_gives_pdfa_without_losing_text(letter: Path, workdir: Path) -> None:
    """GIVEN a born-digital PDF
    WHEN it is parsed with archive generation always
    THEN the archive is a PDF/A-2B that still holds the letter's text."""
    result = _parse(letter, workdir, archive_generation="always")
    assert result.archive_path is not None and result.archive_path.parent == workdir
    assert pdfa_part(result.archive_path) == "2B"
    assert_words(result.text, ["ACME", "Springfield", "INV-2024-0042"])


def test_archive_never(letter: Path, workdir: Path) -> None:
    """GIVEN a born-digital PDF
    WHEN it is parsed with archive generation never
    THEN there is no archive."""
    result = _parse(letter, workdir, archive_generation="never")
    assert result.archive_path is None


def test_mode_off_with_archive_always_converts_without_ocr(letter: Path, workdir: Path) -> None:
    """GIVEN a born-digital PDF
    WHEN it is parsed with mode off and archive generation always
    THEN the archive is PDF/A and no OCR sidecar was written."""
    result = _parse(letter, workdir, mode="off", archive_generation="always")
    assert result.archive_path is not None
    assert pdfa_part(result.archive_path) == "2B"
    assert not (workdir / "sidecar.txt").exists()


def test_plain_pdf_archive_when_output_type_pdf(letter: Path, workdir: Path) -> None:
    """GIVEN a born-digital PDF
    WHEN it is parsed with archive generation always and output type pdf
    THEN the archive is a PDF without PDF/A conformance."""
    result = _parse(letter, workdir, archive_generation="always", output_type="pdf")
    assert result.archive_path is not None
    assert pdfa_part(result.archive_path) == ""


def test_metadata_has_title(letter: Path, workdir: Path) -> None:
    """GIVEN a PDF whose document title is "ACME letter"
    WHEN it is parsed
    THEN the metadata records include that title."""
    result = _parse(letter, workdir)
    assert any(record["value"] == "ACME letter" for record in result.metadata)
    assert all(set(record) == {"namespace", "prefix", "key", "value"} for record in result.metadata)


def test_registry_routes_pdf_to_raster_parser() -> None:
    """GIVEN the registry
    WHEN a parser for application/pdf is asked for
    THEN it can produce an archive and needs no PDF rendition."""
    parser = get_parser("application/pdf")
    assert parser is not None
    assert parser.can_produce_archive and not parser.requires_pdf_rendition
