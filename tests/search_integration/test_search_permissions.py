"""A user never learns anything from a document they cannot view: hits, counts, highlights, words, similars."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from paperkeep.documents.actions.permissions import Grants, set_permissions
from paperkeep.documents.models import Document
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search

TEXT = "zeppelin hangar inspection report quarterly airship envelope"


@pytest.fixture
def library(cast: factories.People, make_document: MakeDocument) -> dict[str, Document]:
    """Alice's private document, alice's document shared with the group, an unowned one, and dave's."""
    with transaction.atomic():
        docs = {
            "private": make_document(owner=cast.owner, title="Zeppelin private", content=TEXT + " alpha"),
            "group": make_document(owner=cast.owner, title="Zeppelin shared", content=TEXT + " beta"),
            "public": make_document(owner=None, title="Zeppelin public", content=TEXT + " gamma"),
            "daves": make_document(owner=cast.stranger, title="Zeppelin daves", content=TEXT + " delta"),
        }
        set_permissions([docs["group"]], Grants.of(view_groups=[cast.group.pk]))
    return docs


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("owner", {"private", "group", "public"}),
        ("member", {"group", "public"}),
        ("granted", {"public"}),
        ("stranger", {"public", "daves"}),
        ("admin", {"private", "group", "public", "daves"}),
    ],
)
def test_each_user_finds_and_counts_only_what_they_may_view(
    cast: factories.People, client_for: ClientFor, library: dict[str, Document], who: str, visible: set[str]
) -> None:
    """GIVEN four zeppelin documents with different owners and grants
    WHEN each user searches "zeppelin"
    THEN hits and count are exactly the documents that user may view."""
    body = search(client_for(getattr(cast, who)), query="zeppelin")
    assert set(ids_of(body)) == {library[name].pk for name in visible}
    assert body["count"] == len(visible)


def test_a_word_only_in_hidden_documents_finds_nothing(
    cast: factories.People, client_for: ClientFor, library: dict[str, Document]
) -> None:
    """GIVEN "alpha" only in alice's private document
    WHEN carol searches it, as a word, a wildcard and in a highlight-bearing field query
    THEN she gets no hit and a count of 0 every time."""
    client = client_for(cast.member)
    for query in ("alpha", "alph*", "content:alpha", "title:private"):
        body = search(client, query=query)
        assert (body["count"], body["results"]) == (0, []), query


def test_highlights_come_only_from_the_hit_itself(
    cast: factories.People, client_for: ClientFor, library: dict[str, Document]
) -> None:
    """GIVEN the documents
    WHEN carol searches "zeppelin"
    THEN every highlight she receives is from a document she may view (none mentions alpha or delta)."""
    rows = search(client_for(cast.member), query="zeppelin OR alpha OR delta")["results"]
    highlights = " ".join(row["__search_hit__"]["highlights"] for row in rows)
    assert "<b>alpha</b>" not in highlights and "<b>delta</b>" not in highlights and "beta" in highlights


def test_autocomplete_words_and_their_order_ignore_hidden_documents(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN "apple" and "apricot" once each in carol's visible documents, "apricot" and "aphid" many times in
    documents hidden from her
    WHEN carol completes "ap"
    THEN she gets apple and apricot in alphabetical order (equal counts) and never aphid."""
    with transaction.atomic():
        make_document(owner=cast.member, title="Fruit", content="apple")
        make_document(owner=cast.member, title="Fruit", content="apricot")
        for _ in range(5):
            make_document(owner=cast.owner, title="Garden", content="apricot aphid")
    words = client_for(cast.member).get("/api/search/autocomplete/", {"term": "ap"}).json()
    assert words == ["apple", "apricot"]


def test_more_like_this_never_returns_hidden_documents(
    cast: factories.People, client_for: ClientFor, library: dict[str, Document]
) -> None:
    """GIVEN carol may view the shared and the public zeppelin documents, which are alike
    WHEN she lists documents like the shared one
    THEN only the public one comes back, and the count is 1."""
    body = search(client_for(cast.member), more_like_id=library["group"].pk)
    assert ids_of(body) == [library["public"].pk] and body["count"] == 1


def test_leaving_the_group_takes_effect_at_once(
    cast: factories.People, client_for: ClientFor, library: dict[str, Document]
) -> None:
    """GIVEN carol finds the group's document
    WHEN she is removed from the group
    THEN her next search no longer finds it (group membership is read per request, not from the index)."""
    client = client_for(cast.member)
    assert library["group"].pk in ids_of(search(client, query="beta"))
    cast.member.groups.remove(cast.group)
    assert search(client_for(_reloaded(cast.member)), query="beta")["count"] == 0


def _reloaded(user: Any) -> Any:
    return type(user).objects.get(pk=user.pk)
