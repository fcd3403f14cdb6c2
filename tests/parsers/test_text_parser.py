"""Plain text, CSV and Markdown: the file is the text; no archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions
from paperkeep.parsers.text import TextParser
from tests import filegen


@pytest.mark.parametrize(
    ("name", "mime", "content"),
    [("a.txt", "text/plain", "Hello world\nsecond line"), ("a.csv", "text/csv", "name,amount\nACME,12.50"),
     ("a.md", "text/markdown", "# Heading\n\nSome *text*.")],
)
def test_text_is_file_content(tmp_path: Path, workdir: Path, name: str, mime: str, content: str) -> None:
    """GIVEN a UTF-8 text, CSV or Markdown file
    WHEN it is parsed
    THEN the text is the content and there is no archive."""
    path = filegen.text_file(tmp_path / name, content + "\n")
    result = TextParser().parse(path, mime, ParseOptions(), workdir)
    assert result.text == content
    assert result.archive_path is None


def test_latin1_falls_back(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a text file in Windows-1252 (not valid UTF-8)
    WHEN it is parsed
    THEN the umlauts and the euro sign are decoded correctly."""
    path = filegen.text_file(tmp_path / "old.txt", "Grüße aus Köln, 5 €", encoding="cp1252")
    assert TextParser().parse(path, "text/plain", ParseOptions(), workdir).text == "Grüße aus Köln, 5 €"


def test_utf8_bom_is_dropped(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a UTF-8 file starting with a byte-order mark
    WHEN it is parsed
    THEN the text does not start with the mark."""
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello")
    assert TextParser().parse(path, "text/plain", ParseOptions(), workdir).text == "Hello"


def test_nul_bytes_and_crlf_are_cleaned(tmp_path: Path, workdir: Path) -> None:
    """GIVEN text with Windows line ends and a NUL byte
    WHEN it is parsed
    THEN lines end in \\n and the NUL is gone (databases refuse it)."""
    path = tmp_path / "dos.txt"
    path.write_bytes(b"one\r\ntwo\x00\r\n")
    assert TextParser().parse(path, "text/plain", ParseOptions(), workdir).text == "one\ntwo"
