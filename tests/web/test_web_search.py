"""Search on the web pages runs in the full-text index: ranked hits, highlights, errors, similar documents,
autocomplete; hidden documents never count, show or complete."""

from __future__ import annotations

import re

import pytest

from tests.api import factories
from tests.web.conftest import BrowserFor, index_all, text_of

pytestmark = pytest.mark.django_db


def test_hits_come_best_first_with_escaped_highlights(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document whose text holds markup around the word "kangaroo" twice, and one with it once
    WHEN the owner searches kangaroo
    THEN the richer document comes first and its snippet marks the word while showing the markup as text."""
    factories.document(owner=cast.owner, title="once", content="a kangaroo went by")
    factories.document(owner=cast.owner, title="twice", content='<script>x</script> kangaroo and kangaroo again')
    index_all()
    page = text_of(browser_for(cast.owner).get("/documents/", {"q": "kangaroo"}))
    assert re.findall(r'class="doc-title">([^<]*)<', page) == ["twice", "once"]
    assert "<mark>kangaroo</mark>" in page and "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page


def test_a_malformed_query_says_what_is_wrong(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document
    WHEN the owner searches an unbalanced query
    THEN the page answers 200 with a message about the search, not a server error."""
    factories.document(owner=cast.owner, content="anything")
    index_all()
    response = browser_for(cast.owner).get("/documents/", {"q": 'created:[2020 to'})
    assert response.status_code == 200 and "The search could not be read" in text_of(response)


def test_more_like_this_lists_similar_visible_documents(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN two of alice's documents about wombat burrows, a hidden one of bob's about the same, and an unrelated
    WHEN alice opens the first
    THEN "More like this" shows the other wombat document only."""
    first = factories.document(owner=cast.owner, title="wombat one", content="wombat burrow digging soil wombat")
    factories.document(owner=cast.owner, title="wombat two", content="wombat burrow soil digging wombat")
    factories.document(owner=cast.granted, title="wombat hidden", content="wombat burrow digging soil wombat")
    factories.document(owner=cast.owner, title="tax return", content="income tax deduction")
    index_all()
    page = text_of(browser_for(cast.owner).get(f"/documents/{first.pk}/"))
    similar = page.split('id="similar"', 1)[1].split("</section>", 1)[0]
    assert "wombat two" in similar and "wombat hidden" not in similar and "tax return" not in similar


def test_autocomplete_completes_from_visible_documents_only(cast: factories.People,
                                                            browser_for: BrowserFor) -> None:
    """GIVEN alice's document with "platypus" and bob's hidden one with "platform"
    WHEN alice asks to complete "pla"
    THEN platypus is offered and platform is not."""
    factories.document(owner=cast.owner, content="platypus sighting")
    factories.document(owner=cast.granted, content="platform ticket")
    index_all()
    words = browser_for(cast.owner).get("/documents/autocomplete/", {"term": "pla"}).json()
    assert "platypus" in words and "platform" not in words


def test_hits_sorted_by_a_column_page_through_in_that_order(cast: factories.People,
                                                            browser_for: BrowserFor) -> None:
    """GIVEN 30 documents mentioning emus and 5 that do not, titled so that they interleave
    WHEN the owner searches emu sorted by title, page 2 of 25
    THEN the last five emu documents by title are listed, and the count says 30."""
    for n in range(30):
        factories.document(owner=cast.owner, title=f"doc {n:02}", content="an emu crossed the road")
    for n in range(5):
        factories.document(owner=cast.owner, title=f"doc {n:02}b", content="a quiet road")
    index_all()
    page = text_of(browser_for(cast.owner).get("/documents/", {"q": "emu", "sort": "title", "page": 2}))
    assert re.findall(r'class="doc-title">([^<]*)<', page) == [f"doc {n}" for n in range(25, 30)]
    assert "30 documents" in page
