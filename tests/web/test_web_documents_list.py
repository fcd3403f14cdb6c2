"""The documents page lists exactly what the user may view, filtered, searched, sorted and paged as asked."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.models import Correspondent, CustomField, Tag
from tests.api import factories
from tests.web.conftest import BrowserFor, index_all, text_of

pytestmark = pytest.mark.django_db


def listed(response: object) -> list[str]:
    """Return the titles in the result list, in order."""
    return re.findall(r'class="doc-title">([^<]*)<', text_of(response))


def test_a_document_the_user_may_not_view_never_appears(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN alice's private document, a document shared with bob, and an unowned one
    WHEN dave (no grant) and bob open the documents page, each searching for the word all three contain
    THEN dave sees only the unowned one; bob sees the shared and the unowned one; the count agrees."""
    factories.document(owner=cast.owner, title="Private payslip", content="salary")
    shared = factories.document(owner=cast.owner, title="Shared invoice", content="salary")
    factories.share(shared, cast)
    factories.document(owner=None, title="Public notice", content="salary")
    index_all()
    for who, expected in ((cast.stranger, ["Public notice"]), (cast.granted, ["Public notice", "Shared invoice"])):
        response = browser_for(who).get("/documents/", {"q": "salary", "sort": "title"})
        assert listed(response) == expected
        assert f"{len(expected)} documents" in text_of(response) or f"{len(expected)} document<" in text_of(response)


def test_a_title_with_markup_is_shown_as_text(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document titled with a script element and a tag named with markup
    WHEN its owner lists documents in both displays
    THEN the markup appears escaped, never as elements."""
    tag = Tag.objects.create(name="<b>bold</b>")
    factories.document(owner=cast.owner, title='<script>alert("x")</script>', tags=[tag])
    for display in ("table", "cards"):
        page = text_of(browser_for(cast.owner).get("/documents/", {"display": display}))
        assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize(("mode", "expected"), [("all", ["both"]), ("any", ["both", "red only"]),
                                                 ("none", ["blue only", "neither"])])
def test_tags_filter_all_any_or_none(cast: factories.People, browser_for: BrowserFor, mode: str,
                                     expected: list[str]) -> None:
    """GIVEN documents with tags red+green, red, blue, and none
    WHEN the owner filters by red and green with mode all / any / none
    THEN the documents having all / any / none of them are listed."""
    red, green, blue = (Tag.objects.create(name=n) for n in ("red", "green", "blue"))
    for title, tags in (("both", [red, green]), ("red only", [red]), ("blue only", [blue]), ("neither", [])):
        factories.document(owner=cast.owner, title=title, tags=tags)
    response = browser_for(cast.owner).get("/documents/", {"tag": [red.pk, green.pk], "tag_mode": mode,
                                                           "sort": "title"})  # fmt: skip
    assert listed(response) == sorted(expected)


def test_correspondent_filter_includes_not_assigned(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN documents from ACME, from Globex and from nobody
    WHEN the owner picks ACME and "(not assigned)"; then excludes ACME
    THEN the first lists ACME's and the unassigned one, the second Globex's and the unassigned one."""
    acme, globex = Correspondent.objects.create(name="ACME"), Correspondent.objects.create(name="Globex")
    factories.document(owner=cast.owner, title="a", correspondent=acme)
    factories.document(owner=cast.owner, title="g", correspondent=globex)
    factories.document(owner=cast.owner, title="n")
    browser = browser_for(cast.owner)
    assert listed(browser.get("/documents/", {"correspondent": [acme.pk, -1], "sort": "title"})) == ["a", "n"]
    assert listed(browser.get("/documents/", {"correspondent": acme.pk, "correspondent_mode": "none",
                                               "sort": "title"})) == ["g", "n"]  # fmt: skip


def test_created_range_and_owner_filters(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the owner's documents from 2023 and 2024 and an unowned one from 2024
    WHEN they filter created 2024-01-01..2024-12-31, then additionally owner = me
    THEN the 2024 documents are listed, then only their own."""
    factories.document(owner=cast.owner, title="old", created=date(2023, 5, 1))
    factories.document(owner=cast.owner, title="mine", created=date(2024, 5, 1))
    factories.document(owner=None, title="public", created=date(2024, 6, 1))
    browser = browser_for(cast.owner)
    span = {"created_from": "2024-01-01", "created_to": "2024-12-31", "sort": "title"}
    assert listed(browser.get("/documents/", span)) == ["mine", "public"]
    assert listed(browser.get("/documents/", {**span, "owner": "me"})) == ["mine"]


def test_custom_field_filter(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN two documents with an Amount of 50 and 500 and one without the field
    WHEN the owner filters Amount greater than 100, then Amount is set
    THEN the 500 one is listed, then both that have the field."""
    amount = CustomField.objects.create(name="Amount", data_type="integer")
    for title, value in (("small", 50), ("big", 500)):
        set_custom_fields(factories.document(owner=cast.owner, title=title), {amount.pk: value})
    factories.document(owner=cast.owner, title="plain")
    browser = browser_for(cast.owner)
    assert listed(browser.get("/documents/", {"cf_field": amount.pk, "cf_op": "gt", "cf_value": "100"})) == ["big"]
    assert sorted(listed(browser.get("/documents/", {"cf_field": amount.pk, "cf_op": "exists"}))) == ["big", "small"]


def test_a_paperless_filter_name_in_the_address_is_applied(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN two documents
    WHEN the page is opened with Paperless's own filter name title__icontains
    THEN only the matching document is listed, and the condition is shown."""
    factories.document(owner=cast.owner, title="Water bill")
    factories.document(owner=cast.owner, title="Phone bill")
    response = browser_for(cast.owner).get("/documents/", {"title__icontains": "water"})
    assert listed(response) == ["Water bill"] and "title__icontains=water" in text_of(response)


def test_search_matches_words_in_title_or_content_and_field_prefixes(cast: factories.People,
                                                                      browser_for: BrowserFor) -> None:
    """GIVEN documents with words in their content and a tag
    WHEN the owner searches two words, then tag:bank
    THEN documents containing both words, then those tagged bank, are listed."""
    bank = Tag.objects.create(name="bank")
    factories.document(owner=cast.owner, title="Statement", content="monthly account statement", tags=[bank])
    factories.document(owner=cast.owner, title="Letter", content="monthly newsletter")
    index_all()
    browser = browser_for(cast.owner)
    assert listed(browser.get("/documents/", {"q": "monthly account"})) == ["Statement"]
    assert listed(browser.get("/documents/", {"q": "tag:bank"})) == ["Statement"]


def test_sorting_and_paging(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN 30 documents
    WHEN the owner asks for title ascending, page 2 of 25 per page
    THEN the last five titles in order are listed, with a link back to page 1."""
    for n in range(30):
        factories.document(owner=cast.owner, title=f"doc {n:02}")
    response = browser_for(cast.owner).get("/documents/", {"sort": "title", "page": 2})
    assert listed(response) == [f"doc {n}" for n in range(25, 30)]
    assert 'rel="prev"' in text_of(response)


def test_the_list_reads_a_fixed_number_of_queries(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN 5 tagged documents, then 25 more
    WHEN the owner opens the documents page each time
    THEN both pages take the same number of queries (no query per row)."""
    tag = Tag.objects.create(name="t")
    browser = browser_for(cast.owner)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/documents/").status_code == 200
        return len(captured.captured_queries)

    for _ in range(5):
        factories.document(owner=cast.owner, tags=[tag])
    few = queries_for_page()
    for _ in range(25):
        factories.document(owner=cast.owner, tags=[tag])
    assert queries_for_page() == few


def test_a_malformed_custom_field_query_says_so(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a document
    WHEN the page is opened with a custom_field_query naming a field that does not exist
    THEN the page answers 200 with a message instead of a list, not a server error."""
    factories.document(owner=cast.owner)
    response = browser_for(cast.owner).get("/documents/", {"custom_field_query": json.dumps(["Nope", "exists", True])})
    assert response.status_code == 200 and 'id="list-error"' in text_of(response)
