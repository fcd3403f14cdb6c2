"""E-mail files (.eml): headers, body text and the list of attachments; a PDF rendering as archive."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from paperkeep.parsers.errors import CorruptFile
from paperkeep.parsers.guards import check_file
from paperkeep.parsers.htmltext import html_to_text
from paperkeep.parsers.mailpdf import render_mail_pdf
from paperkeep.parsers.options import ParseOptions, ParseResult
from paperkeep.parsers.textutil import normalize_text

HEADERS = ("Subject", "From", "To", "Cc", "Date")


class MailParser:
    """RFC 822 messages; the archive PDF shows the headers, the body and the attachment list."""

    name = "paperkeep.mail"
    mime_types = {"message/rfc822": ".eml"}
    can_produce_archive = True
    requires_pdf_rendition = True

    def score(self, mime: str, path: Path | None = None) -> int | None:
        """Return 10 for message/rfc822."""
        return 10 if mime in self.mime_types else None

    def parse(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        """Read the message; text is the header block, the body and the attachment list."""
        path, workdir = Path(path), Path(workdir)
        check_file(path, options)
        with path.open("rb") as fh:
            message = BytesParser(policy=policy.default).parse(fh)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise CorruptFile("The mail file has no headers and cannot be read.")
        headers = [(name, _header(message, name)) for name in HEADERS]
        headers = [(name, value) for name, value in headers if value]
        body = _body(message)
        attachments = _attachments(message)
        text = normalize_text("\n".join(f"{name}: {value}" for name, value in headers) + "\n\n" + body
                              + ("\n\nAttachments:\n" + "\n".join(attachments) if attachments else ""))
        archive = workdir / "archive.pdf"
        pages = render_mail_pdf(archive, headers, body, attachments, pdfa=options.output_type != "pdf")
        return ParseResult(text=text, archive_path=archive, page_count=pages, date=_date(message))


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError):  # a malformed header; keep going without it
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _date(message: EmailMessage) -> datetime | None:
    raw = message.get("Date")
    if raw is None:
        return None
    try:
        return parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError):
        return None


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset or broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def _attachments(message: EmailMessage) -> list[str]:
    lines = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if part.get_content_disposition() != "attachment" and not filename:
            continue
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        lines.append(f"{filename or 'unnamed'} ({part.get_content_type()}, {_size(size)})")
    return lines


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 2**20:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 2**20:.1f} MiB"
