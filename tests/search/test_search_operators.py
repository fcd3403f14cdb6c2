"""Boolean operators, grouping and phrases of the query language."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, SearchIndex
from tests.search.helpers import MakeIndex, found

DOCS = (
    DocRecord(id=1, title="one", content="alpha beta"),
    DocRecord(id=2, title="two", content="alpha gamma"),
    DocRecord(id=3, title="three", content="beta gamma"),
    DocRecord(id=4, title="four", content="the quick brown fox"),
    DocRecord(id=5, title="five", content="the quick red fox"),
)


@pytest.fixture
def index(make_index: MakeIndex) -> SearchIndex:
    return make_index(*DOCS)


def test_words_side_by_side_must_all_match(index: SearchIndex) -> None:
    """GIVEN documents with different word pairs WHEN searching two words THEN only documents with both match."""
    assert found(index, "alpha beta") == {1}


def test_and_requires_both(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN joining two words with AND THEN only documents with both match."""
    assert found(index, "alpha AND gamma") == {2}


def test_or_accepts_either(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN joining two words with OR THEN documents with either match."""
    assert found(index, "beta OR fox") == {1, 3, 4, 5}


def test_not_excludes(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN a word is negated with NOT THEN documents containing it are dropped."""
    assert found(index, "alpha NOT beta") == {2}


def test_minus_excludes(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN a word is prefixed with '-' THEN documents containing it are dropped."""
    assert found(index, "gamma -alpha") == {3}


def test_plus_marks_a_required_word(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN a word is prefixed with '+' THEN it is required like any plain word."""
    assert found(index, "+alpha +beta") == {1}


def test_only_a_negation_matches_everything_else(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the query is only 'NOT alpha' THEN every document without alpha matches."""
    assert found(index, "NOT alpha") == {3, 4, 5}


def test_parentheses_group(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN an OR is grouped in parentheses and ANDed THEN the group is evaluated first."""
    assert found(index, "(alpha OR fox) AND beta") == {1}


def test_and_binds_tighter_than_or(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN mixing OR and implicit AND THEN 'a OR b c' means 'a OR (b AND c)'."""
    assert found(index, "fox OR beta gamma") == {3, 4, 5}


def test_negated_group(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN a parenthesised group is negated with '-' THEN documents matching it are dropped."""
    assert found(index, "gamma -(alpha OR fox)") == {3}


def test_lowercase_operator_words_are_plain_words(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN 'or' is written in lower case THEN it is a search word, not an operator."""
    assert found(index, "alpha or beta") == set()


def test_phrase_needs_adjacent_words(index: SearchIndex) -> None:
    """GIVEN 'quick brown fox' and 'quick red fox' WHEN searching the phrase "quick fox" THEN nothing matches."""
    assert found(index, '"quick fox"') == set()


def test_phrase_matches_in_order(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN searching the phrase "quick brown" THEN only that document matches."""
    assert found(index, '"quick brown"') == {4}


def test_phrase_slop_allows_gaps(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN searching "quick fox"~1 THEN both foxes match (one word between)."""
    assert found(index, '"quick fox"~1') == {4, 5}


def test_empty_query_matches_everything(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the query is blank THEN every document matches, as a plain list would."""
    assert found(index, "   ") == {1, 2, 3, 4, 5}


def test_query_without_searchable_words_matches_nothing(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the query holds only punctuation THEN nothing matches (and nothing fails)."""
    assert found(index, "&& ,;") == set()


def test_punctuation_word_next_to_a_real_word_is_ignored(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN a real word is followed by a lone punctuation mark THEN the word alone decides."""
    assert found(index, "alpha &") == {1, 2}
