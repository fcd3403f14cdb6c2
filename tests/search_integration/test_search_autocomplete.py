"""`GET /api/search/autocomplete/?term=&limit=`: words from the requester's visible documents, most frequent first."""

from __future__ import annotations

from django.db import transaction

from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument

URL = "/api/search/autocomplete/"


def test_words_complete_the_term_most_frequent_first(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN "invoice" in three documents, "invitation" in one and "insurance" in two
    WHEN completing "in", then "inv" with limit 1
    THEN the words come by how many documents hold them, and the limit is kept."""
    with transaction.atomic():
        for content in ("invoice insurance", "invoice insurance", "invoice", "invitation"):
            make_document(owner=cast.owner, title="Scan", content=content)
    client = client_for(cast.owner)
    assert client.get(URL, {"term": "in"}).json() == ["invoice", "insurance", "invitation"]
    assert client.get(URL, {"term": "inv", "limit": "1"}).json() == ["invoice"]


def test_a_phrase_completes_its_last_word(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document mentioning the "Überweisung"
    WHEN completing "bank über"
    THEN the last word is completed, folded as the index stores it."""
    make_document(owner=cast.owner, title="Bank", content="Überweisung erhalten")
    client = client_for(cast.owner)
    assert client.get(URL, {"term": "bank über"}).json() == ["uberweisung"]


def test_missing_term_and_bad_limits_are_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN any user
    WHEN the term is missing, or the limit is 0 or not a number
    THEN each answer is 400."""
    client = client_for(cast.owner)
    assert client.get(URL).status_code == 400
    assert client.get(URL, {"term": "a", "limit": "0"}).status_code == 400
    assert client.get(URL, {"term": "a", "limit": "many"}).status_code == 400


def test_a_user_without_the_view_permission_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user without documents.view_document
    WHEN asking for completions
    THEN the answer is 403."""
    nobody = factories.user("nobody", perms=False)
    assert client_for(nobody).get(URL, {"term": "in"}).status_code == 403
