"""The benchmark corpus is deterministic per seed and its documents parse to what the manifest says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from bench.corpus import born_digital, make_corpus, scanned

from paperkeep.parsers import ParseOptions, detect_mime, find_dates, get_parser
from tests.parsers.helpers import assert_words


def test_same_seed_same_documents(tmp_path: Path) -> None:
    """GIVEN two corpora made with seed 7 and one with seed 8
    WHEN their manifests are compared
    THEN the seed-7 ones describe the same documents and the seed-8 one differs."""
    first = make_corpus(tmp_path / "a", born=4, scans=0, seed=7)
    second = make_corpus(tmp_path / "b", born=4, scans=0, seed=7)
    other = make_corpus(tmp_path / "c", born=4, scans=0, seed=8)

    def strip(docs: list) -> list:  # type: ignore[type-arg]
        return [(d.kind, d.sender, d.date, d.amount, d.pages, d.words) for d in docs]

    assert strip(first) == strip(second)
    assert strip(first) != strip(other)
    assert len(json.loads((tmp_path / "a" / "manifest.json").read_text())) == 4


def test_born_digital_documents_parse_to_their_manifest(tmp_path: Path, workdir: Path) -> None:
    """GIVEN six born-digital letters and invoices
    WHEN each is parsed and its dates are found
    THEN the page count, the distinctive words and the document date match the manifest."""
    for doc in born_digital(tmp_path, 6, seed=1):
        path = Path(doc.path)
        mime = detect_mime(path)
        parser = get_parser(mime)
        assert parser is not None
        result = parser.parse(path, mime, ParseOptions(), workdir)
        assert result.page_count == doc.pages and 1 <= doc.pages <= 3
        assert_words(result.text, doc.words)
        assert find_dates(result.text, limit=1) == [date.fromisoformat(doc.date)]
        if doc.kind == "invoice":
            assert f"Total due: {doc.amount} EUR" in result.text


@pytest.mark.slow
def test_scan_is_recognised(tmp_path: Path, workdir: Path) -> None:
    """GIVEN one scanned-looking A4 page from the corpus
    WHEN it is parsed with OCR
    THEN the reference, city and sender are recognised."""
    doc = scanned(tmp_path, 1, seed=2)[0]
    path = Path(doc.path)
    options = ParseOptions(clean="none", deskew=True, rotate_pages=False)
    result = get_parser(detect_mime(path)).parse(path, "image/png", options, workdir)  # type: ignore[union-attr]
    assert_words(result.text, doc.words)
