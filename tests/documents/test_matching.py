"""Matching rules: any word, all words, exact, regular expression, fuzzy."""

from __future__ import annotations

import pytest

from paperkeep.documents.matching import matches
from paperkeep.documents.models import Correspondent, MatchingAlgorithm

TEXT = "Invoice from ACME Corporation, Berlin. Total due: 12.50 EUR"


@pytest.mark.parametrize(
    ("algorithm", "match", "insensitive", "expected"),
    [
        (MatchingAlgorithm.ANY, "paris berlin", True, True),
        (MatchingAlgorithm.ANY, "paris london", True, False),
        (MatchingAlgorithm.ANY, '"acme corporation"', True, True),
        (MatchingAlgorithm.ALL, "invoice berlin", True, True),
        (MatchingAlgorithm.ALL, "invoice paris", True, False),
        (MatchingAlgorithm.LITERAL, "ACME Corporation", False, True),
        (MatchingAlgorithm.LITERAL, "acme corporation", False, False),
        (MatchingAlgorithm.REGEX, r"total due: \d+\.\d\d", True, True),
        (MatchingAlgorithm.REGEX, r"([a-z", True, False),
        (MatchingAlgorithm.FUZZY, "ACME Corporatoin", True, True),
        (MatchingAlgorithm.FUZZY, "Globex", True, False),
        (MatchingAlgorithm.NONE, "invoice", True, False),
        (MatchingAlgorithm.AUTO, "invoice", True, False),
        (MatchingAlgorithm.ANY, "", True, False),
        (MatchingAlgorithm.ANY, "voice", True, False),
    ],
)
def test_rule(algorithm: int, match: str, insensitive: bool, expected: bool) -> None:
    """GIVEN a matching rule
    WHEN it is tested against an invoice's text
    THEN it matches exactly when it should."""
    rule = Correspondent(name="c", match=match, matching_algorithm=algorithm, is_insensitive=insensitive)
    assert matches(rule, TEXT) is expected
