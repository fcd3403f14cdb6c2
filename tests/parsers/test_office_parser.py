"""Office documents go through headless LibreOffice: a PDF/A archive and the text from it (slow)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperkeep.parsers import ConversionFailed, DecompressionBomb, ParseOptions, detect_mime, get_parser
from paperkeep.parsers.office import OfficeParser
from tests import filegen
from tests.parsers.conftest import LETTER_LINES
from tests.parsers.helpers import assert_words, pdfa_part

pytestmark = pytest.mark.slow

WRITERS: list[tuple[str, Callable[[Path, list[str]], Path]]] = [
    ("letter.docx", filegen.docx), ("letter.odt", filegen.odt), ("letter.rtf", filegen.rtf),
]


@pytest.mark.parametrize(("name", "make"), WRITERS)
def test_text_document(tmp_path: Path, workdir: Path, name: str, make: Callable[[Path, list[str]], Path]) -> None:
    """GIVEN a Word, Writer or RTF document
    WHEN it is parsed
    THEN its text is extracted and the archive is a one-page PDF/A-2B."""
    path = make(tmp_path / name, list(LETTER_LINES))
    mime = detect_mime(path)
    parser = get_parser(mime)
    assert parser is not None and parser.name == "paperkeep.office"
    result = parser.parse(path, mime, ParseOptions(), workdir)
    assert_words(result.text, ["Springfield", "INV-2024-0042", "ACME"])
    assert result.page_count == 1
    assert result.archive_path is not None and pdfa_part(result.archive_path) == "2B"


def test_spreadsheet(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an Excel workbook
    WHEN it is parsed
    THEN the cells' text is extracted."""
    path = filegen.xlsx(tmp_path / "table.xlsx", [["Customer", "Amount"], ["Zeppelin", "4711"]])
    mime = detect_mime(path)
    result = OfficeParser().parse(path, mime, ParseOptions(), workdir)
    assert_words(result.text, ["Customer", "Zeppelin", "4711"])


def test_wrong_extension_is_converted_by_content(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an OpenDocument text saved with a .pdf extension
    WHEN it is parsed with the type its content gives
    THEN LibreOffice still reads it as a text document."""
    path = filegen.odt(tmp_path / "letter.pdf", ["Walrus harbour fees"])
    result = OfficeParser().parse(path, detect_mime(path), ParseOptions(), workdir)
    assert_words(result.text, ["Walrus", "harbour"])


def test_broken_document(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a .docx that is a zip with no document in it
    WHEN it is parsed
    THEN ConversionFailed (conversion_failed) is raised."""
    path = tmp_path / "broken.docx"
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/nothing.txt", "no document here")
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with pytest.raises(ConversionFailed) as info:
        OfficeParser().parse(path, mime, ParseOptions(), workdir)
    assert info.value.code == "conversion_failed"


def test_zip_bomb_is_refused_before_conversion(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a .docx of about 100 kB whose parts expand to 100 MiB
    WHEN it is parsed
    THEN DecompressionBomb is raised without running LibreOffice."""
    path = filegen.bomb_docx(tmp_path / "bomb.docx", expanded_mib=100)
    assert path.stat().st_size < 2**20
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with pytest.raises(DecompressionBomb):
        OfficeParser().parse(path, mime, ParseOptions(), workdir)
    assert not (workdir / "lo-profile").exists()


def test_presentation_one_page_per_slide(tmp_path: Path, workdir: Path) -> None:
    """GIVEN an OpenDocument presentation with two slides
    WHEN it is parsed
    THEN both slides' text is extracted and the archive has two pages."""
    path = filegen.odp(tmp_path / "talk.odp", ["First slide Zeppelin", "Second slide Walrus"])
    result = OfficeParser().parse(path, detect_mime(path), ParseOptions(), workdir)
    assert_words(result.text, ["Zeppelin", "Walrus"])
    assert result.page_count == 2


def test_legacy_word_document(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a Word 97 .doc (made by LibreOffice from a .docx)
    WHEN its type is detected and it is parsed
    THEN it is application/msword and its text is extracted."""
    path = filegen.office_convert(filegen.docx(tmp_path / "old.docx", ["Legacy Walrus document"]), ".doc")
    mime = detect_mime(path)
    assert mime == "application/msword"
    result = OfficeParser().parse(path, mime, ParseOptions(), workdir)
    assert_words(result.text, ["Legacy", "Walrus"])
