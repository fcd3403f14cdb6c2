"""Render a mail (headers, body, attachment list) as a PDF/A with fpdf2."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from paperkeep.parsers.render import SANS_BOLD_FONT, SANS_FONT

logger = logging.getLogger(__name__)
# fpdf2's font subsetting logs a dozen INFO lines per document through fontTools.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

# A mail body beyond this many characters is cut in the rendering (the text keeps all of it).
_MAX_BODY_CHARS = 500_000


def render_mail_pdf(out: Path, headers: Sequence[tuple[str, str]], body: str, attachments: Sequence[str],
                    *, pdfa: bool = True) -> int:
    """Write the mail as a PDF (PDF/A-2B when ``pdfa``) and return its page count."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", enforce_compliance="PDF/A-2B" if pdfa else None)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Sans", fname=str(SANS_FONT))
    pdf.add_font("Sans", style="B", fname=str(SANS_BOLD_FONT))
    subject = dict(headers).get("Subject", "")
    pdf.set_title(subject or "Mail")
    pdf.add_page()
    for name, value in headers:
        pdf.set_font("Sans", style="B", size=10)
        pdf.cell(22, 6, f"{name}:")
        pdf.set_font("Sans", size=10)
        pdf.multi_cell(0, 6, _safe(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    pdf.set_font("Sans", size=10)
    pdf.multi_cell(0, 5, _safe(body[:_MAX_BODY_CHARS]) or " ", new_x="LMARGIN", new_y="NEXT")
    if attachments:
        pdf.ln(4)
        pdf.set_font("Sans", style="B", size=10)
        pdf.cell(0, 6, "Attachments", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Sans", size=10)
        for line in attachments:
            pdf.multi_cell(0, 5, _safe(f"- {line}"), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return int(pdf.pages_count)


def _safe(text: str) -> str:
    # Drop characters outside the Basic Multilingual Plane (emoji), which Liberation Sans lacks.
    return "".join(ch for ch in text if ord(ch) < 0x10000 and (ch in "\n\t" or ord(ch) >= 32))
