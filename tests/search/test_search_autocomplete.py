"""Autocomplete: words of visible documents that start with what was typed, most frequent first."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, InvalidSearchRequest, SearchIndex, Viewer

ALICE = Viewer(user_id=1, group_ids=(10,))
DOCS = (
    DocRecord(id=1, title="Invoice", content="invoice invitation"),
    DocRecord(id=2, title="Invoices", content="invoice invoices"),
    DocRecord(id=3, content="invoice involvement Café"),
    DocRecord(id=4, content="inventory secret", owner_id=2),
)


@pytest.fixture
def index(make_index) -> SearchIndex:  # type: ignore[no-untyped-def]
    return make_index(*DOCS)


def test_prefix_words_most_frequent_first(index: SearchIndex) -> None:
    """GIVEN 'invoice' in three documents and others once WHEN completing 'inv' THEN invoice leads."""
    assert index.autocomplete("inv", Viewer.root()) == ["invoice", "inventory", "invitation", "invoices", "involvement"]


def test_limit(index: SearchIndex) -> None:
    """GIVEN five completions WHEN limit is 2 THEN two are returned."""
    assert index.autocomplete("inv", Viewer.root(), limit=2) == ["invoice", "inventory"]


def test_case_and_accents_are_folded(index: SearchIndex) -> None:
    """GIVEN 'Café' in a document WHEN completing 'CAF' THEN 'cafe' is offered."""
    assert index.autocomplete("CAF", ALICE) == ["cafe"]


def test_last_word_is_completed(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN completing 'paid invol' THEN the last word is completed."""
    assert index.autocomplete("paid invol", ALICE) == ["involvement"]


def test_hidden_document_words_are_not_offered(index: SearchIndex) -> None:
    """GIVEN 'inventory' only in bob's document WHEN alice completes 'inv' THEN it is not offered."""
    assert "inventory" not in index.autocomplete("inv", ALICE)
    assert "inventory" in index.autocomplete("inv", Viewer(user_id=2))


def test_counts_only_visible_documents(make_index) -> None:  # type: ignore[no-untyped-def]
    """GIVEN 'rental' in three hidden documents and 'rent' in one visible WHEN alice completes 'ren' THEN the order
    follows her documents only."""
    hidden = [DocRecord(id=i, content="rental rent", owner_id=2) for i in (1, 2, 3)]
    index = make_index(*hidden, DocRecord(id=4, content="rent"), DocRecord(id=5, content="rent rental"))
    assert index.autocomplete("ren", ALICE) == ["rent", "rental"]


def test_group_grant_makes_words_visible(make_index) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a document of bob's shared with alice's group WHEN she completes THEN its words are offered."""
    index = make_index(DocRecord(id=1, content="quarterly", owner_id=2, viewer_group_ids=(10,)))
    assert index.autocomplete("quar", ALICE) == ["quarterly"]


def test_removed_document_words_disappear(index: SearchIndex) -> None:
    """GIVEN a document with the only 'involvement' WHEN it is removed THEN the word is no longer offered."""
    index.remove([3])
    assert "involvement" not in index.autocomplete("inv", Viewer.root())
    assert "involvement" not in index.autocomplete("inv", ALICE)


def test_revoked_grant_hides_words(make_index) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a shared document WHEN its grant is revoked (upsert without it) THEN its words are gone for alice."""
    index = make_index(DocRecord(id=1, content="quarterly", owner_id=2, viewer_user_ids=(1,)))
    index.upsert([DocRecord(id=1, content="quarterly", owner_id=2)])
    assert index.autocomplete("quar", ALICE) == []


def test_empty_term_gives_nothing(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the term is blank THEN nothing is suggested."""
    assert index.autocomplete("  ", ALICE) == []


def test_limit_must_be_positive(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the limit is 0 THEN InvalidSearchRequest is raised."""
    with pytest.raises(InvalidSearchRequest):
        index.autocomplete("inv", ALICE, limit=0)
