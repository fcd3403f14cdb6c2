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


def test_phrase_needs_its_words_in_order_and_together(make_index: MakeIndex) -> None:
    """GIVEN texts holding 'payment reminder' reversed, apart, across two sentences and in place
    WHEN searching the phrase "payment reminder" THEN only the text with the words side by side matches."""
    index = make_index(
        DocRecord(id=1, content="reminder payment"),
        DocRecord(id=2, content="payment of the reminder"),
        DocRecord(id=3, content="late payment. Reminder follows"),
        DocRecord(id=4, content="second payment reminders sent"),
    )
    assert found(index, '"payment reminder"') == {3, 4}


def test_longer_phrase_needs_every_pair_at_one_place(make_index: MakeIndex) -> None:
    """GIVEN one text with 'due rent' and 'rent paid' far apart, one with 'due rent paid'
    WHEN searching the phrase "due rent paid" THEN only the second matches."""
    index = make_index(
        DocRecord(id=1, content="due rent is high; the rent paid late"),
        DocRecord(id=2, content="the due rent paid on time"),
    )
    assert found(index, '"due rent paid"') == {2}
    assert found(index, 'content:"due rent paid"') == {2}


def test_phrase_of_a_repeated_word(make_index: MakeIndex) -> None:
    """GIVEN 'very very good' and 'very good' WHEN searching the phrase "very very" THEN only the first matches."""
    index = make_index(DocRecord(id=1, content="very very good"), DocRecord(id=2, content="very good, very"))
    assert found(index, '"very very"') == {1}


def test_phrase_across_an_overlong_word_does_not_match(make_index: MakeIndex) -> None:
    """GIVEN 'payment <70 letters> reminder' (the over-long word is dropped but keeps its place)
    WHEN searching the phrase "payment reminder" THEN it does not match, as the words are not side by side."""
    index = make_index(DocRecord(id=1, content="payment " + "x" * 70 + " reminder"))
    assert found(index, '"payment reminder"') == set()
    assert found(index, '"payment reminder"~1') == {1}


def test_two_word_phrase_matches_exactly_where_the_words_are_adjacent(make_index: MakeIndex) -> None:
    """GIVEN 80 random texts of a few words, some over-long (62 to 66 bytes, some with multi-byte letters)
    WHEN every two-word phrase of the vocabulary is searched THEN the hits are exactly the texts where tantivy's
    own phrase query over the content matches."""
    from random import Random

    from tantivy import Query

    rng = Random(11)
    long_words = ["x" * 62, "y" * 63, "z" * 64, "w" * 65, "é" * 31 + "a", "é" * 32, "ü" * 33]
    vocabulary = ["alpha", "beta", "gamma", "Alpha", "betas", *long_words]
    records = [
        DocRecord(id=doc_id, content=" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 12))))
        for doc_id in range(1, 81)
    ]
    index = make_index(*records)
    env = index._env()
    checked = 0
    for first in ("alpha", "beta", "gamma"):
        for second in ("alpha", "beta", "gamma"):
            tokens = env.analyzers.text.analyze(f"{first} {second}")
            phrase = Query.phrase_query(env.schema, "content", tokens, 0)
            hits = env.searcher.search(phrase, 100).hits
            expected = {int(v or 0) for v in env.searcher.fast_field_values("id", [a for _, a in hits])}
            assert found(index, f'"{first} {second}"') == expected, (first, second)
            checked += len(expected)
    assert checked > 20


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
