"""A malformed search is a 400 that points at the problem, never a 500."""

from __future__ import annotations

import pytest

from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unclosed phrase', "column 1"),
        ("invoice AND (bank OR", "column"),
        ("created:[2020 to someday]", "column"),
        ("title:", "column"),
    ],
)
def test_a_malformed_query_is_a_400_naming_the_column(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument, query: str, expected: str
) -> None:
    """GIVEN a library with a document
    WHEN the query is malformed (open quote, open parenthesis, bad date, empty field)
    THEN the answer is 400 {"query": [message]} and the message says where the problem is."""
    make_document(owner=cast.owner, title="Invoice")
    response = client_for(cast.owner).get("/api/documents/", {"query": query})
    assert response.status_code == 400, response.content
    [message] = response.json()["query"]
    assert expected in message


def test_two_search_parameters_are_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN any user
    WHEN both text= and title_search= are sent
    THEN the answer is 400 with Paperless-ngx's message."""
    response = client_for(cast.owner).get("/api/documents/", {"text": "a", "title_search": "b"})
    assert response.status_code == 400
    assert "Specify only one of" in response.json()["detail"]


def test_a_malformed_query_in_a_bulk_selection_is_a_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a bulk edit over all documents matching a search filter
    WHEN the query in the filters is malformed
    THEN the answer is 400, not a server error."""
    response = client_for(cast.owner).post(
        "/api/documents/bulk_edit/",
        {"all": True, "filters": {"query": '"open'}, "method": "add_tag", "parameters": {"tag": 1}},
        format="json",
    )
    assert response.status_code == 400, response.content
