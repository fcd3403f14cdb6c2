"""Each bad input ends in its own error class, with a stable code and a one-line human message."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.parsers import (
    CorruptFile,
    DecompressionBomb,
    EmptyFile,
    EncryptedFile,
    OcrFailed,
    ParseError,
    ParseOptions,
    TooLarge,
    UnsupportedType,
    check_file,
    get_parser,
)
from tests import filegen
from tests.parsers.conftest import SMALL_PAGE


def _parse(path: Path, mime: str, workdir: Path, options: ParseOptions | None = None) -> None:
    parser = get_parser(mime)
    assert parser is not None
    parser.parse(path, mime, options or ParseOptions(), workdir)


def _assert_human(err: ParseError, code: str) -> None:
    message = str(err)
    assert err.code == code
    assert message and "\n" not in message and "Traceback" not in message


def test_zero_byte_file(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a zero-byte file
    WHEN it is parsed as a PDF
    THEN EmptyFile (empty_file) says the file is empty."""
    with pytest.raises(EmptyFile) as info:
        _parse(filegen.empty_file(tmp_path / "empty.pdf"), "application/pdf", workdir)
    _assert_human(info.value, "empty_file")
    assert "empty" in str(info.value)


def test_corrupt_pdf(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a PDF cut off after its first bytes
    WHEN it is parsed
    THEN CorruptFile (corrupt_file) says the PDF is damaged."""
    with pytest.raises(CorruptFile) as info:
        _parse(filegen.corrupt_pdf(tmp_path / "broken.pdf"), "application/pdf", workdir)
    _assert_human(info.value, "corrupt_file")
    assert "damaged" in str(info.value)


def test_encrypted_pdf(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a PDF that needs a password to open
    WHEN it is parsed
    THEN EncryptedFile (encrypted_file) says it is password-protected."""
    with pytest.raises(EncryptedFile) as info:
        _parse(filegen.encrypted_pdf(tmp_path / "locked.pdf", ["secret letter"]), "application/pdf", workdir)
    _assert_human(info.value, "encrypted_file")
    assert "password" in str(info.value)


def test_file_over_size_limit(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a PDF one byte over the size limit
    WHEN it is parsed
    THEN TooLarge (file_too_large) names the size and the limit."""
    path = filegen.text_pdf(tmp_path / "big.pdf", [["some text"] * 40])
    with pytest.raises(TooLarge) as info:
        _parse(path, "application/pdf", workdir, ParseOptions(max_file_size=path.stat().st_size - 1))
    _assert_human(info.value, "file_too_large")
    assert "MiB" in str(info.value)


def test_check_file_passes_small_file(tmp_path: Path) -> None:
    """GIVEN a small text file and the default limits
    WHEN it is checked
    THEN its size is returned."""
    path = filegen.text_file(tmp_path / "a.txt", "hello")
    assert check_file(path, ParseOptions()) == 5


def test_decompression_bomb_png(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a 110 kB PNG that decodes to 30000 x 30000 pixels
    WHEN it is parsed
    THEN DecompressionBomb (decompression_bomb) is raised before decoding."""
    path = filegen.bomb_png(tmp_path / "bomb.png")
    assert path.stat().st_size < 200_000
    with pytest.raises(DecompressionBomb) as info:
        _parse(path, "image/png", workdir)
    _assert_human(info.value, "decompression_bomb")


def test_image_over_configured_pixel_limit(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a 1240 x 900 scan and a limit of one megapixel
    WHEN it is parsed
    THEN DecompressionBomb names the size and the limit."""
    path = filegen.scan_file(tmp_path / "scan.png", ["hello"], size=SMALL_PAGE)
    with pytest.raises(DecompressionBomb) as info:
        _parse(path, "image/png", workdir, ParseOptions(max_image_pixels=1_000_000))
    _assert_human(info.value, "decompression_bomb")
    assert "1240 x 900" in str(info.value)


def test_truncated_image(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a PNG of which only the first 60 bytes are left
    WHEN it is parsed
    THEN CorruptFile is raised."""
    path = filegen.scan_file(tmp_path / "scan.png", ["hello"], size=SMALL_PAGE)
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(CorruptFile) as info:
        _parse(path, "image/png", workdir)
    _assert_human(info.value, "corrupt_file")


def test_unsupported_type_error() -> None:
    """GIVEN a MIME type no parser handles
    WHEN the caller builds the error for it
    THEN UnsupportedType (unsupported_type) names the type."""
    assert get_parser("application/zip") is None
    err = UnsupportedType.for_mime("application/zip")
    _assert_human(err, "unsupported_type")
    assert "application/zip" in str(err)


def test_mail_without_headers(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a .eml file that holds no header at all
    WHEN it is parsed as mail
    THEN CorruptFile is raised."""
    path = filegen.text_file(tmp_path / "broken.eml", "\n\njust some words, no headers\n")
    with pytest.raises(CorruptFile) as info:
        _parse(path, "message/rfc822", workdir)
    _assert_human(info.value, "corrupt_file")


@pytest.mark.slow
def test_missing_ocr_language(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a scan and an OCR language whose Tesseract data is not installed (Klingon)
    WHEN it is parsed
    THEN OcrFailed (ocr_failed) names the missing language on one line."""
    path = filegen.scan_file(tmp_path / "scan.png", ["hello"], size=SMALL_PAGE)
    with pytest.raises(OcrFailed) as info:
        _parse(path, "image/png", workdir, ParseOptions(language="tlh"))
    _assert_human(info.value, "ocr_failed")
    assert "tlh" in str(info.value)
