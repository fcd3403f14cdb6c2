"""detect_mime judges a file by its content, using the extension only to name a flavour of text."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.parsers import EmptyFile, detect_mime
from tests import filegen
from tests.parsers.conftest import SMALL_PAGE


def test_png_named_pdf_is_png(tmp_path: Path) -> None:
    """GIVEN a PNG image saved with a .pdf extension
    WHEN its type is detected
    THEN it is image/png."""
    path = filegen.scan_file(tmp_path / "scan.pdf", ["hello"], fmt="PNG", size=SMALL_PAGE)
    assert detect_mime(path) == "image/png"


def test_pdf_named_txt_is_pdf(tmp_path: Path) -> None:
    """GIVEN a PDF saved with a .txt extension
    WHEN its type is detected
    THEN it is application/pdf."""
    path = filegen.text_pdf(tmp_path / "letter.txt", [["hello"]])
    assert detect_mime(path) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("data.csv", "text/csv"), ("notes.md", "text/markdown"), ("plain.txt", "text/plain"),
     ("noext", "text/plain")],
)
def test_text_flavour_comes_from_extension(tmp_path: Path, name: str, expected: str) -> None:
    """GIVEN a text file whose content libmagic calls plain text
    WHEN its type is detected
    THEN the extension picks CSV, Markdown or plain text."""
    path = filegen.text_file(tmp_path / name, "a,b,c\n1,2,3\n")
    assert detect_mime(path) == expected


def test_csv_extension_on_binary_is_not_text(tmp_path: Path) -> None:
    """GIVEN a JPEG saved with a .csv extension
    WHEN its type is detected
    THEN the content wins: image/jpeg."""
    path = filegen.scan_file(tmp_path / "table.csv", ["x"], fmt="JPEG", size=SMALL_PAGE)
    assert detect_mime(path) == "image/jpeg"


def test_mail_without_extension_is_recognised_by_headers(tmp_path: Path) -> None:
    """GIVEN an e-mail saved without an extension (libmagic says text/plain)
    WHEN its type is detected
    THEN its header block makes it message/rfc822."""
    path = filegen.eml(tmp_path / "message")
    assert detect_mime(path) == "message/rfc822"


def test_docx_with_wrong_extension_is_docx(tmp_path: Path) -> None:
    """GIVEN a Word document saved as .bin
    WHEN its type is detected
    THEN it is the Word MIME type."""
    path = filegen.docx(tmp_path / "letter.bin", ["Hello"])
    assert detect_mime(path) == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_empty_file_raises_empty_file(tmp_path: Path) -> None:
    """GIVEN a zero-byte file
    WHEN its type is detected
    THEN EmptyFile is raised."""
    with pytest.raises(EmptyFile):
        detect_mime(filegen.empty_file(tmp_path / "nothing.pdf"))
