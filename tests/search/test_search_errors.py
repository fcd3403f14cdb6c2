"""Malformed queries raise QuerySyntaxError pointing at the problem, and nothing else ever escapes."""

from __future__ import annotations

import random

import pytest

from paperkeep.search import DocRecord, QuerySyntaxError, SearchIndex, open_index
from tests.search.helpers import page


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = open_index(tmp_path_factory.mktemp("errors") / "index")
    index.upsert([DocRecord(id=1, title="invoice", content="alpha beta", asn=3)])
    return index


@pytest.mark.parametrize(
    ("query", "column", "words"),
    [
        ('"unclosed', 1, "Unclosed quote"),
        ('invoice "unclosed', 9, "Unclosed quote"),
        ("(alpha beta", 1, "Unclosed '('"),
        ("alpha (beta OR (gamma)", 7, "Unclosed '('"),
        ("alpha beta)", 11, "Unmatched ')'"),
        ("()", 1, "Empty parentheses"),
        ("title:", 1, "Missing value after 'title:'"),
        ("title: invoice", 1, "Missing value"),
        ("alpha AND", 7, "after AND"),
        ("AND alpha", 1, "before AND"),
        ("alpha OR OR beta", 7, "after OR"),
        ("NOT", 1, "after NOT"),
        ("alpha -)", 7, "Expected a search term after '-'"),
        ("titel:invoice", 1, "Unknown field 'titel'"),
        ("created:[2020 2021]", 9, "Expected 'to'"),
        ("created:[2020 to 2021", 9, "Unclosed '['"),
        ("created:banana", 9, "'banana' is not a date"),
        ("created:2020-13", 9, "not a valid date"),
        ("created:[now-3 fortnights to now]", 10, "Unknown time unit 'fortnights'"),
        ("asn:abc", 5, "expects a whole number"),
        ("asn:12*", 5, "expects a whole number"),
        ("asn:[1 to x]", 6, "expects a whole number"),
        ("title:[a to b]", 8, "Ranges and comparisons"),
        ("title:>a", 8, "Ranges and comparisons"),
        ("asn:>", 5, "Missing value"),
    ],
)
def test_malformed_query_points_at_the_problem(index: SearchIndex, query: str, column: int, words: str) -> None:
    """GIVEN a malformed query WHEN searching THEN QuerySyntaxError names the problem and its column."""
    with pytest.raises(QuerySyntaxError) as raised:
        page(index, query)
    assert raised.value.column == column
    assert words in str(raised.value)
    assert f"column {column}" in str(raised.value)


def test_error_has_a_stable_code(index: SearchIndex) -> None:
    """GIVEN a malformed query WHEN it fails THEN the error code is invalid_query, for the API to render."""
    with pytest.raises(QuerySyntaxError) as raised:
        page(index, '"open')
    assert raised.value.code == "invalid_query"


def test_ids_raise_the_same_error(index: SearchIndex) -> None:
    """GIVEN a malformed query WHEN asking for all matching ids THEN the same QuerySyntaxError is raised."""
    from paperkeep.search import Viewer

    with pytest.raises(QuerySyntaxError):
        index.ids("(open", Viewer.root())


def test_random_input_gives_results_or_a_syntax_error(index: SearchIndex) -> None:
    """GIVEN 400 random strings of query punctuation WHEN searching each THEN none raises anything but
    QuerySyntaxError."""
    alphabet = [*list('abc ():"[]{}*?\\-+~^,<>=!/&|.'), "AND ", "OR ", "NOT ", "title:", "created:", "asn:", " to "]
    chooser = random.Random(4)
    for _ in range(400):
        query = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 12)))
        try:
            page(index, query)
        except QuerySyntaxError:
            pass
