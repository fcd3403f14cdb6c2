"""Case, accents and stemming: what counts as the same word."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, UnsupportedLanguage
from tests.search.helpers import MakeIndex, found


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Café crème", "cafe"),
        ("cafe creme", "CAFÉ"),
        ("Herr Müller", "muller"),
        ("Smörgåsbord", "smorgasbord"),
        ("INVOICE", "invoice"),
        ("invoice", "InVoIcE"),
    ],
)
def test_case_and_accents_do_not_matter(make_index: MakeIndex, text: str, query: str) -> None:
    """GIVEN a document WHEN searching with other case or accents THEN it is found."""
    index = make_index(DocRecord(id=1, content=text))
    assert found(index, query) == {1}


def test_english_stemming_finds_other_forms(make_index: MakeIndex) -> None:
    """GIVEN an English index and 'invoices' in a document WHEN searching 'invoice' THEN it is found."""
    index = make_index(DocRecord(id=1, content="all invoices were paid"))
    assert found(index, "invoice") == {1}
    assert found(index, "invoicing") == {1}


def test_german_stemming(make_index: MakeIndex) -> None:
    """GIVEN a German index WHEN searching 'Rechnung' THEN a document with 'Rechnungen' is found."""
    index = make_index(DocRecord(id=1, content="Ihre Rechnungen"), language="de")
    assert found(index, "rechnung") == {1}


def test_no_stemming_when_language_is_none(make_index: MakeIndex) -> None:
    """GIVEN an index without stemming WHEN searching 'invoice' THEN 'invoices' is a different word."""
    index = make_index(DocRecord(id=1, content="all invoices"), language="none")
    assert found(index, "invoice") == set()
    assert found(index, "invoices") == {1}


def test_unknown_language_is_refused(make_index: MakeIndex) -> None:
    """GIVEN a language tantivy has no stemmer for WHEN opening the index THEN UnsupportedLanguage names it."""
    with pytest.raises(UnsupportedLanguage, match="klingon"):
        make_index(language="klingon")


def test_hyphenated_word_is_a_phrase(make_index: MakeIndex) -> None:
    """GIVEN 'e-mail' and 'mail e' in two documents WHEN searching 'e-mail' THEN only the first matches."""
    index = make_index(DocRecord(id=1, content="send an e-mail"), DocRecord(id=2, content="mail e"))
    assert found(index, "e-mail") == {1}
