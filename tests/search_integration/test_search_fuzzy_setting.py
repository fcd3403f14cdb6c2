"""PAPERLESS_ADVANCED_FUZZY_SEARCH_THRESHOLD reaches the document list's `query=` search."""

from __future__ import annotations

from tests.api import factories
from tests.conftest import ConfigOverride
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search


def test_a_typo_finds_the_document_once_the_threshold_is_set(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument, override_config: ConfigOverride
) -> None:
    """GIVEN a document titled "Invoice"
    WHEN the owner searches "invioce", first without and then with PAPERLESS_ADVANCED_FUZZY_SEARCH_THRESHOLD=0.1
    THEN the first search finds nothing and the second finds the document."""
    document = make_document(owner=cast.owner, title="Invoice")
    client = client_for(cast.owner)
    assert ids_of(search(client, query="invioce")) == []
    override_config("search", advanced_fuzzy_search_threshold=0.1)
    assert ids_of(search(client, query="invioce")) == [document.pk]
