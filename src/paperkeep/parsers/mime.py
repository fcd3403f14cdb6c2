"""Detect a file's MIME type from its content (libmagic), never from its name alone."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import magic

from paperkeep.parsers.errors import EmptyFile

# Where libmagic only says "text", the extension picks the flavour.
_TEXT_BY_EXTENSION = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".eml": "message/rfc822",
}
_PLAIN_TEXT_FAMILY = {"text/plain", "text/x-c", "text/x-c++", "text/x-java", "text/x-makefile", "text/x-script.python",
                      "text/x-python", "text/x-shellscript", "text/x-tex", "text/x-objective-c"}

# Where libmagic only says "zip", the extension picks the office format if the zip has that format's parts.
_OFFICE_ZIPS = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/"),
    ".odt": ("application/vnd.oasis.opendocument.text", "content.xml"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "content.xml"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", "content.xml"),
}

_MAIL_HEADER = re.compile(rb"^(?:[A-Za-z][A-Za-z0-9-]*):[ \t]", re.MULTILINE)
_MAIL_KEY_HEADERS = (b"from:", b"date:", b"subject:", b"to:", b"message-id:", b"mime-version:")


def detect_mime(path: Path) -> str:
    """Return the MIME type of the file at ``path``, judged by its content."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise EmptyFile()
    mime = magic.from_file(str(path), mime=True)
    suffix = path.suffix.lower()
    if mime in _PLAIN_TEXT_FAMILY or mime == "text/plain":
        return _refine_text(path, mime, suffix)
    if mime in {"application/zip", "application/octet-stream"} and suffix in _OFFICE_ZIPS:
        return _refine_zip(path, mime, suffix)
    if mime == "application/octet-stream" and _has_pdf_header(path):
        return "application/pdf"
    return mime


def _refine_text(path: Path, mime: str, suffix: str) -> str:
    if suffix in _TEXT_BY_EXTENSION:
        return _TEXT_BY_EXTENSION[suffix]
    if _looks_like_mail(path):
        return "message/rfc822"
    return "text/plain" if mime in _PLAIN_TEXT_FAMILY else mime


def _looks_like_mail(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096)
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if not _MAIL_HEADER.match(block):
        return False
    lower = block.lower()
    found = sum(1 for key in _MAIL_KEY_HEADERS if lower.startswith(key) or b"\n" + key in lower)
    return found >= 3


def _refine_zip(path: Path, mime: str, suffix: str) -> str:
    office_mime, marker = _OFFICE_ZIPS[suffix]
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return mime
    return office_mime if any(name.startswith(marker) for name in names) else mime


def _has_pdf_header(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)
