"""Generate a benchmark corpus: born-digital letters and invoices, and scanned-looking pages.

Importable (``make_corpus``, ``born_digital``, ``scanned``) and a command line::

    python bench/corpus.py OUT_DIR --born-digital 60 --scans 6 --seed 1

Every document is described by a ``CorpusDoc`` (also written to ``OUT_DIR/manifest.json``), with
the words a parser must find in it. The same seed always gives the same documents.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import filegen

SENDERS = (
    ("ACME Widgets Ltd", "12 Example Road", "Springfield"),
    ("Stadtwerke Nordheim GmbH", "Hafenstraße 4", "Nordheim"),
    ("Blue Harbour Insurance", "1 Quay Street", "Portsmouth"),
    ("Dr. Miriam Okafor", "Praxis am Markt 9", "Leipzig"),
    ("Northwind Telecom", "Tower 3, Canal Walk", "Rotterdam"),
    ("City Council Tax Office", "Civic Centre", "Brighton"),
    ("Zeppelin Car Rental", "Flughafenallee 22", "Bremen"),
    ("Green Valley Dental Clinic", "44 Orchard Lane", "Bath"),
    ("Hausverwaltung Becker & Söhne", "Lindenweg 17", "Kassel"),
    ("Lumen Energy Co-operative", "Unit 5, Solar Park", "Cardiff"),
)
RECIPIENTS = ("Alice Jones", "Jonas Weber", "Priya Natarajan", "Tom Ericsson", "Fatima Haddad", "Lena Fischer")
SUBJECTS = ("Annual statement", "Change of tariff", "Appointment confirmation", "Contract renewal",
            "Reminder of payment", "Policy documents", "Meter reading", "Notice of rent adjustment")
ITEMS = ("Consulting hours", "Replacement filter", "Annual licence", "Delivery charge", "Service visit",
         "Cable set", "Maintenance plan", "Printer toner", "Travel expenses", "Support package")
WORDS = ("account", "agreement", "balance", "billing", "customer", "delivery", "document", "enclosed", "invoice",
         "meter", "notice", "payment", "period", "policy", "reference", "renewal", "schedule", "service",
         "statement", "tariff", "transfer", "update", "usage", "within", "please", "regarding", "following",
         "contact", "questions", "office", "hours", "monthly", "annual", "amount", "confirm", "details")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class CorpusDoc:
    """One generated document and what a parser should find in it."""

    path: str
    kind: str  # "letter", "invoice" or "scan"
    sender: str
    date: str  # ISO date written in the document
    amount: str | None
    pages: int
    words: tuple[str, ...]


def born_digital(out_dir: Path, count: int, seed: int = 0) -> list[CorpusDoc]:
    """Write ``count`` born-digital PDFs (letters and invoices, 1-3 pages) and describe them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = []
    for index in range(count):
        rng = random.Random(f"born-{seed}-{index}")
        kind = "invoice" if index % 2 else "letter"
        pages, meta = _document(rng, kind, pages=rng.randint(1, 3))
        path = out_dir / f"{kind}-{index:04d}.pdf"
        filegen.text_pdf(path, pages, title=f"{meta['subject']} - {meta['sender']}", font_size=11)
        docs.append(_describe(path, kind, meta, len(pages)))
    return docs


def scanned(out_dir: Path, count: int, seed: int = 0, fmt: str = "png") -> list[CorpusDoc]:
    """Write ``count`` one-page A4 scans at 300 dpi (slightly rotated, noisy) as PNG, JPEG or image-only PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = []
    for index in range(count):
        rng = random.Random(f"scan-{seed}-{index}")
        kind = "invoice" if index % 2 else "letter"
        pages, meta = _document(rng, kind, pages=1)
        lines = pages[0]
        angle = rng.uniform(-1.5, 1.5)
        path = out_dir / f"scan-{index:04d}.{fmt}"
        if fmt == "pdf":
            filegen.scan_pdf(path, [lines], angle=angle, noise=rng.uniform(8, 16), font_pt=12)
        else:
            filegen.scan_file(path, lines, angle=angle, noise=rng.uniform(8, 16), seed=index, font_pt=12)
        docs.append(_describe(path, "scan", meta, 1))
    return docs


def make_corpus(
    out_dir: Path, born: int = 60, scans: int = 6, seed: int = 0, scan_format: str = "png"
) -> list[CorpusDoc]:
    """Write a whole corpus under ``out_dir`` (born-digital/ and scans/) plus manifest.json."""
    docs = born_digital(out_dir / "born-digital", born, seed) + scanned(out_dir / "scans", scans, seed, scan_format)
    manifest = [asdict(doc) for doc in docs]
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), "utf-8")
    return docs


def _document(rng: random.Random, kind: str, pages: int) -> tuple[list[list[str]], dict[str, str]]:
    sender, street, city = rng.choice(SENDERS)
    recipient = rng.choice(RECIPIENTS)
    when = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    subject = rng.choice(SUBJECTS)
    reference = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10_000, 99_999)}"
    head = [sender, f"{street}, {city}", "", recipient, "", f"{city}, {_written_date(rng, when)}", "",
            f"{'Invoice' if kind == 'invoice' else subject} {reference}", ""]
    amount = None
    body: list[str] = []
    if kind == "invoice":
        body, total = _invoice_lines(rng)
        amount = f"{total:.2f}"
    body += [_sentence(rng) for _ in range(rng.randint(4, 8))]
    body += ["", "Kind regards,", sender]
    first = head + body
    pages_lines = [first] + [[f"{sender} - {subject} - page {n + 2}", ""] + [_sentence(rng) for _ in range(30)]
                             for n in range(pages - 1)]
    meta = {"sender": sender, "date": when.isoformat(), "subject": subject, "reference": reference,
            "amount": amount or "", "city": city}
    return pages_lines, meta


def _invoice_lines(rng: random.Random) -> tuple[list[str], float]:
    lines = ["Item                               Qty    Unit price      Total"]
    total = 0.0
    for item in rng.sample(ITEMS, rng.randint(2, 6)):
        qty = rng.randint(1, 12)
        price = rng.randrange(250, 49_999) / 100
        total += qty * price
        lines.append(f"{item:<34} {qty:>3} {price:>12.2f} EUR {qty * price:>10.2f} EUR")
    lines += ["", f"Total due: {total:.2f} EUR", ""]
    return lines, round(total, 2)


def _written_date(rng: random.Random, when: date) -> str:
    style = rng.randrange(3)
    if style == 0:
        return when.strftime("%d.%m.%Y")
    if style == 1:
        return when.isoformat()
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 13))]
    return " ".join(words).capitalize() + "."


def _describe(path: Path, kind: str, meta: dict[str, str], pages: int) -> CorpusDoc:
    words = tuple(word for word in (meta["reference"], meta["city"], *meta["sender"].split()[:1]) if word)
    return CorpusDoc(path=str(path), kind=kind, sender=meta["sender"], date=meta["date"],
                     amount=meta["amount"] or None, pages=pages, words=words)


def main(argv: Sequence[str] | None = None) -> int:
    """Write a corpus from the command line and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="directory to write into")
    parser.add_argument("--born-digital", type=int, default=60, help="born-digital PDFs (default 60)")
    parser.add_argument("--scans", type=int, default=6, help="scanned-looking pages (default 6)")
    parser.add_argument("--scan-format", choices=("png", "jpg", "pdf"), default="png")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    docs = make_corpus(args.out, args.born_digital, args.scans, args.seed, args.scan_format)
    pages = sum(doc.pages for doc in docs)
    print(f"Wrote {len(docs)} documents ({pages} pages) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
