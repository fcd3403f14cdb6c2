"""E-mail (.eml): header block, body, attachment list, the mail's date, and a PDF/A rendering."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperkeep.parsers import ParseOptions, ParseResult
from paperkeep.parsers.mail import MailParser
from paperkeep.parsers.pdf import extract_text
from tests import filegen
from tests.parsers.helpers import pdfa_part


@pytest.fixture
def mail(tmp_path: Path) -> Path:
    attachment = filegen.text_pdf(tmp_path / "invoice.pdf", [["Invoice"]]).read_bytes()
    return filegen.eml(tmp_path / "mail.eml", subject="Your invoice 0042", body="Hello Alice,\nplease pay soon.\n",
                       attachments=[("invoice.pdf", attachment, "application/pdf")])


@pytest.fixture
def parsed(mail: Path, workdir: Path) -> ParseResult:
    return MailParser().parse(mail, "message/rfc822", ParseOptions(), workdir)


def test_text_has_headers_body_and_attachments(parsed: ParseResult) -> None:
    """GIVEN a mail with a subject, a text body and a PDF attachment
    WHEN it is parsed
    THEN the text holds the subject, sender, body and the attachment's name."""
    assert "Subject: Your invoice 0042" in parsed.text
    assert "From: Billing <billing@example.com>" in parsed.text
    assert "please pay soon." in parsed.text
    assert "invoice.pdf (application/pdf" in parsed.text


def test_date_is_the_mail_date(parsed: ParseResult) -> None:
    """GIVEN a mail sent 2024-03-05 09:30 UTC
    WHEN it is parsed
    THEN the result's date is that moment."""
    assert parsed.date == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


def test_archive_is_pdfa_with_the_mail(parsed: ParseResult) -> None:
    """GIVEN a mail
    WHEN it is parsed
    THEN the archive is a PDF/A-2B whose text shows the subject and the attachment."""
    assert parsed.archive_path is not None
    assert pdfa_part(parsed.archive_path) == "2B"
    text, pages = extract_text(parsed.archive_path)
    assert "Your invoice 0042" in text and "invoice.pdf" in text
    assert pages == parsed.page_count == 1


def test_html_only_mail_becomes_text(tmp_path: Path, workdir: Path) -> None:
    """GIVEN a mail whose only body is HTML with a script and a table
    WHEN it is parsed
    THEN the text has the visible words and none of the script."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = "Newsletter", "news@example.com", "bob@example.org"
    msg.set_content("<html><script>var x=1;</script><p>Spring <b>sale</b></p><table><tr><td>Tea</td>"
                    "<td>4.50</td></tr></table></html>", subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(msg.as_bytes())
    result = MailParser().parse(path, "message/rfc822", ParseOptions(), workdir)
    assert "Spring sale" in result.text and "Tea 4.50" in result.text
    assert "var x" not in result.text


def test_plain_archive_when_output_type_pdf(mail: Path, workdir: Path) -> None:
    """GIVEN output type pdf
    WHEN a mail is parsed
    THEN the archive is a PDF that does not claim PDF/A."""
    result = MailParser().parse(mail, "message/rfc822", ParseOptions(output_type="pdf"), workdir)
    assert result.archive_path is not None and pdfa_part(result.archive_path) == ""
