"""The page of a search is loaded with the database's own visibility check, whatever the index says, and the
stored SQL of that check follows the requester's groups."""

from __future__ import annotations

from django.db import transaction

from paperkeep.documents.actions.permissions import Grants, set_permissions
from paperkeep.documents.models import Tag
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search


def test_a_document_the_database_hides_is_not_on_the_page_even_if_the_index_shows_it(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN alice's two "zeppelin" documents, one granted to bob, who searched once (its SQL is now stored)
    WHEN the grant row is deleted behind the index's back and bob searches again
    THEN the document is not among his results (the index, not told, still counts it: the page's own check
    is what hides it)."""
    kept = make_document(owner=None, title="Zeppelin public")
    shared = make_document(owner=cast.owner, title="Zeppelin shared")
    with transaction.atomic():
        set_permissions([shared], Grants.of(view_users=[cast.granted.pk]))
    client = client_for(cast.granted)
    assert set(ids_of(search(client, query="zeppelin"))) == {kept.pk, shared.pk}
    type(shared).view_users.through.objects.filter(document_id=shared.pk).delete()  # no index update
    body = search(client, query="zeppelin")
    assert body["count"] == 2  # the index still has the grant
    assert ids_of(body) == [kept.pk]


def test_joining_a_group_shows_its_documents_on_the_next_page(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a "zeppelin" document shared with the team, and dave (not in the team) who searched once
    WHEN dave joins the team and searches again
    THEN the team's document is on his page."""
    public = make_document(owner=None, title="Zeppelin public")
    team_doc = make_document(owner=cast.owner, title="Zeppelin team")
    with transaction.atomic():
        set_permissions([team_doc], Grants.of(view_groups=[cast.group.pk]))
    client = client_for(cast.stranger)
    assert ids_of(search(client, query="zeppelin")) == [public.pk]
    cast.stranger.groups.add(cast.group)
    assert set(ids_of(search(client, query="zeppelin"))) == {public.pk, team_doc.pk}


def test_an_invalid_filter_value_beside_a_query_is_a_400(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a search that the index would answer alone
    WHEN it comes with a filter value the list's filters refuse (a date that is not one)
    THEN the answer is 400 naming that filter, as without a query."""
    response = client_for(cast.owner).get("/api/documents/", {"query": "zeppelin", "created__date__gt": "soon"})
    assert response.status_code == 400, response.content
    assert "created__date__gt" in response.json()


def test_selection_data_beside_a_query_covers_the_filtered_documents(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN two "zeppelin" documents alice may view, one tagged
    WHEN she searches with include_selection_data and a tag filter
    THEN the selection data counts the tag on the one filtered document."""
    tag = Tag.objects.create(name="airship", owner=cast.owner)
    tagged = make_document(owner=cast.owner, title="Zeppelin tagged", tags=[tag])
    make_document(owner=cast.owner, title="Zeppelin plain")
    body = search(client_for(cast.owner), query="zeppelin", tags__id__all=tag.pk, include_selection_data="true")
    assert ids_of(body) == [tagged.pk]
    assert {row["id"]: row["document_count"] for row in body["selection_data"]["selected_tags"]} == {tag.pk: 1}
