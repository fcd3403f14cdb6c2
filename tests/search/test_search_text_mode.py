"""The "text" and "title" modes (Paperless-ngx `text=` and `title_search=`): every word as a substring."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, InvalidSearchRequest, SearchIndex
from tests.search.helpers import MakeIndex, found, page


@pytest.fixture
def index(make_index: MakeIndex) -> SearchIndex:
    return make_index(
        DocRecord(id=1, title="Stromrechnung Januar", content="Abschlag bezahlt"),
        DocRecord(id=2, title="Brief", content="Ihre Stromrechnung kommt"),
        DocRecord(id=3, title="Wasser", content="nichts"),
    )


def test_text_mode_matches_inside_words(index: SearchIndex) -> None:
    """GIVEN 'Stromrechnung' in a title and a content WHEN text-searching 'rechnung' THEN both match."""
    assert found(index, "rechnung", mode="text") == {1, 2}


def test_text_mode_needs_every_word(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN text-searching 'rechnung bezahl' THEN only the document with both matches."""
    assert found(index, "rechnung bezahl", mode="text") == {1}


def test_text_mode_prefers_titles(index: SearchIndex) -> None:
    """GIVEN the word in a title and in a content WHEN text-searching THEN the title hit comes first."""
    assert page(index, "rechnung", mode="text").ids[0] == 1


def test_title_mode_searches_titles_only(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN title-searching 'rechnung' THEN only the title match counts."""
    assert found(index, "rechnung", mode="title") == {1}


def test_text_mode_takes_query_syntax_literally(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN text-searching 'title:(' THEN it is no syntax error, just words."""
    assert found(index, "title:(", mode="text") == set()


def test_unknown_mode(index: SearchIndex) -> None:
    """GIVEN the corpus WHEN the mode is unknown THEN InvalidSearchRequest is raised."""
    with pytest.raises(InvalidSearchRequest):
        page(index, "x", mode="fuzzy")
