"""Assertions shared by the parser tests."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def pdfa_part(path: Path) -> str:
    """Return the PDF/A part and conformance the file declares in its XMP metadata ("" if none)."""
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        has_intent = "/OutputIntents" in pdf.Root
        return meta.pdfa_status if has_intent else ""


def assert_words(text: str, words: tuple[str, ...] | list[str]) -> None:
    """Assert that every word occurs in the text (case-insensitive)."""
    lowered = text.lower()
    missing = [word for word in words if word.lower() not in lowered]
    assert not missing, f"missing {missing} in {text!r}"
