"""`GET /api/documents/`: visibility, the filters and orderings of §2.4, `fields=`, `truncate_content`, bounds."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.actions.notes import add_note
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def ids(client, query: str = "") -> list[int]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/documents/{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_visibility_per_user(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a private, a shared and an unowned document WHEN each user lists THEN each sees what the rule allows."""
    private = factories.document(owner=cast.owner)
    shared = factories.document(owner=cast.owner)
    factories.share(shared, cast)
    public = factories.document()
    expected = {
        cast.owner: {private.pk, shared.pk, public.pk},
        cast.granted: {shared.pk, public.pk},
        cast.member: {shared.pk, public.pk},
        cast.stranger: {public.pk},
        cast.admin: {private.pk, shared.pk, public.pk},
    }
    for person, wanted in expected.items():
        assert set(ids(client_for(person))) == wanted, person.username


def test_trashed_documents_are_not_listed(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a trashed document WHEN listing THEN it is absent."""
    kept = factories.document(owner=cast.owner)
    factories.document(owner=cast.owner, deleted_at="2024-01-01T00:00:00Z")
    assert ids(client_for(cast.owner)) == [kept.pk]


def test_default_order_is_newest_created_first(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN documents created on three dates WHEN listing THEN newest first."""
    old = factories.document(created=date(2020, 1, 1))
    new = factories.document(created=date(2024, 1, 1))
    mid = factories.document(created=date(2022, 1, 1))
    assert ids(client_for(cast.owner)) == [new.pk, mid.pk, old.pk]


def test_tags_all_in_and_none(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN documents tagged a, b, a+b WHEN filtering all=a,b / in=a,b / none=b THEN AND, OR and exclusion."""
    a, b = create_object(Tag, name="a"), create_object(Tag, name="b")
    only_a = factories.document(tags=[a])
    only_b = factories.document(tags=[b])
    both = factories.document(tags=[a, b])
    bare = factories.document()
    client = client_for(cast.owner)
    assert ids(client, f"?tags__id__all={a.pk},{b.pk}") == [both.pk]
    assert set(ids(client, f"?tags__id__in={a.pk},{b.pk}")) == {only_a.pk, only_b.pk, both.pk}
    assert set(ids(client, f"?tags__id__none={b.pk}")) == {only_a.pk, bare.pk}
    assert set(ids(client, f"?tags__id={a.pk}")) == {only_a.pk, both.pk}
    assert set(ids(client, "?is_tagged=false")) == {bare.pk}


def test_tags_in_count_is_not_inflated(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN one document with two of the listed tags WHEN filtering tags__id__in THEN it is counted once."""
    a, b = create_object(Tag, name="a"), create_object(Tag, name="b")
    factories.document(tags=[a, b])
    assert client_for(cast.owner).get(f"/api/documents/?tags__id__in={a.pk},{b.pk}").json()["count"] == 1


def test_is_in_inbox(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an inbox tag on one document WHEN filtering is_in_inbox=true/false THEN that one / the others."""
    inbox = create_object(Tag, name="inbox", is_inbox_tag=True)
    inboxed = factories.document(tags=[inbox])
    other = factories.document()
    client = client_for(cast.owner)
    assert ids(client, "?is_in_inbox=true") == [inboxed.pk]
    assert ids(client, "?is_in_inbox=false") == [other.pk]


def test_title_and_content_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an invoice and a letter WHEN filtering title__icontains and content__icontains THEN the right one."""
    invoice = factories.document(title="Invoice March", content="amount due")
    factories.document(title="Letter", content="dear sir")
    client = client_for(cast.owner)
    assert ids(client, "?title__icontains=invoice") == [invoice.pk]
    assert ids(client, "?content__icontains=due") == [invoice.pk]
    assert ids(client, "?title_content=due") == [invoice.pk]
    assert ids(client, "?search=amount") == [invoice.pk]


def test_created_range_and_ordering(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN documents in 2020 and 2024 WHEN filtering created__gte and ordering created THEN as asked."""
    old = factories.document(created=date(2020, 5, 1))
    new = factories.document(created=date(2024, 5, 1))
    client = client_for(cast.owner)
    assert ids(client, "?created__gte=2023-01-01") == [new.pk]
    assert ids(client, "?created__date__lt=2021-01-01") == [old.pk]
    assert ids(client, "?created__year=2020") == [old.pk]
    assert ids(client, "?ordering=created") == [old.pk, new.pk]


def test_correspondent_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN documents from ACME, from Beta and from nobody WHEN filtering by correspondent THEN as asked."""
    acme = create_object(Correspondent, name="ACME")
    beta = create_object(Correspondent, name="Beta")
    from_acme = factories.document(correspondent=acme)
    from_beta = factories.document(correspondent=beta)
    anonymous = factories.document()
    client = client_for(cast.owner)
    assert ids(client, f"?correspondent__id={acme.pk}") == [from_acme.pk]
    assert set(ids(client, f"?correspondent__id__in={acme.pk},{beta.pk}")) == {from_acme.pk, from_beta.pk}
    assert set(ids(client, f"?correspondent__id__none={acme.pk}")) == {from_beta.pk, anonymous.pk}
    assert ids(client, "?correspondent__isnull=true") == [anonymous.pk]
    assert ids(client, "?correspondent__name__iexact=beta") == [from_beta.pk]
    assert ids(client, "?ordering=correspondent__name&correspondent__isnull=false") == [from_acme.pk, from_beta.pk]


def test_owner_and_shared_by_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private and shared documents WHEN filtering shared_by__id and owner__isnull THEN as asked."""
    factories.document(owner=cast.owner)
    shared = factories.document(owner=cast.owner)
    factories.share(shared, cast)
    public = factories.document()
    client = client_for(cast.owner)
    assert ids(client, f"?shared_by__id={cast.owner.pk}") == [shared.pk]
    assert ids(client, "?owner__isnull=true") == [public.pk]
    assert len(ids(client, f"?owner__id__none={cast.owner.pk}")) == 1


def test_asn_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN ASNs 5 and 10 WHEN filtering archive_serial_number__gt=6 and isnull THEN as asked."""
    factories.document(archive_serial_number=5)
    ten = factories.document(archive_serial_number=10)
    none = factories.document()
    client = client_for(cast.owner)
    assert ids(client, "?archive_serial_number__gt=6") == [ten.pk]
    assert ids(client, "?archive_serial_number__isnull=true") == [none.pk]


def test_custom_field_filters_and_query(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a `due` date on two documents WHEN using custom_field_query range and custom_fields__id__all
    THEN the document in range, and both with the field."""
    due = create_custom_field("due", "date")
    august = factories.document()
    set_custom_fields(august, {due.pk: "2024-08-15"})
    october = factories.document()
    set_custom_fields(october, {due.pk: "2024-10-01"})
    factories.document()
    client = client_for(cast.owner)
    query = '["due","range",["2024-08-01","2024-09-01"]]'
    assert ids(client, f"?custom_field_query={query}") == [august.pk]
    assert set(ids(client, f"?custom_fields__id__all={due.pk}")) == {august.pk, october.pk}
    assert set(ids(client, "?has_custom_fields=1")) == {august.pk, october.pk}


def test_custom_field_query_logic_and_errors(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an amount field WHEN combining with OR/NOT and sending a bad query THEN results, then 400."""
    amount = create_custom_field("amount", "integer")
    small, big = factories.document(), factories.document()
    set_custom_fields(small, {amount.pk: 5})
    set_custom_fields(big, {amount.pk: 500})
    client = client_for(cast.owner)
    assert ids(client, '?custom_field_query=["NOT",["amount","lt",10]]') == [big.pk]
    both = '["OR",[["amount","exact",5],["amount","gte",100]]]'
    assert set(ids(client, f"?custom_field_query={both}")) == {small.pk, big.pk}
    bad = client.get('/api/documents/?custom_field_query=["amount","icontains","x"]')
    assert bad.status_code == 400
    assert "custom_field_query" in bad.json()


def test_ordering_by_custom_field_puts_documents_with_it_first(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN values 3 and 1 and a document without the field WHEN ordering by it THEN 1, 3, then the one without."""
    amount = create_custom_field("amount", "integer")
    three, one, bare = factories.document(), factories.document(), factories.document()
    set_custom_fields(three, {amount.pk: 3})
    set_custom_fields(one, {amount.pk: 1})
    assert ids(client_for(cast.owner), f"?ordering=custom_field_{amount.pk}") == [one.pk, three.pk, bare.pk]


def test_ordering_by_notes_count(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with two notes and one with none WHEN ordering by -num_notes THEN the noted one first."""
    quiet = factories.document()
    noted = factories.document()
    add_note(noted, cast.owner, "one")
    add_note(noted, cast.owner, "two")
    assert ids(client_for(cast.owner), "?ordering=-num_notes") == [noted.pk, quiet.pk]


def test_fields_parameter_limits_output(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN listing with fields=id,title THEN only those keys."""
    factories.document(title="x")
    row = client_for(cast.owner).get("/api/documents/?fields=id,title").json()["results"][0]
    assert list(row) == ["id", "title"]


def test_truncate_content(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN 2000 characters of content WHEN listing with truncate_content=true THEN 550 characters."""
    factories.document(content="x" * 2000)
    client = client_for(cast.owner)
    assert len(client.get("/api/documents/?truncate_content=true").json()["results"][0]["content"]) == 550
    assert len(client.get("/api/documents/").json()["results"][0]["content"]) == 2000


def test_document_shape(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document WHEN listed THEN Paperless's fields in Paperless's order."""
    factories.document(owner=cast.owner)
    row = client_for(cast.owner).get("/api/documents/").json()["results"][0]
    assert list(row) == [
        "id", "correspondent", "document_type", "storage_path", "title", "content", "tags", "created",
        "created_date", "modified", "added", "deleted_at", "archive_serial_number", "original_file_name",
        "archived_file_name", "duplicate_documents", "owner", "user_can_change", "is_shared_by_requester",
        "notes", "custom_fields", "page_count", "mime_type", "root_document", "versions",
    ]  # fmt: skip


def test_full_perms_and_shared_flag(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's shared document WHEN she lists with and without full_perms THEN permissions vs flags."""
    shared = factories.document(owner=cast.owner)
    factories.share(shared, cast)
    client = client_for(cast.owner)
    flags = client.get("/api/documents/").json()["results"][0]
    assert flags["is_shared_by_requester"] is True
    full = client.get("/api/documents/?full_perms=true").json()["results"][0]
    assert full["permissions"]["view"] == {"users": [cast.granted.pk], "groups": [cast.group.pk]}
    assert "is_shared_by_requester" not in full


def test_version_9_all_lists_every_filtered_id(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN 30 documents WHEN a v9 client lists page 1 THEN `all` has 30 ids and results 25."""
    for _ in range(30):
        factories.document()
    body = client_for(cast.owner, 9).get("/api/documents/").json()
    assert (len(body["all"]), len(body["results"])) == (30, 25)


def test_include_selection_data(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two of three documents tagged "a" WHEN listing with include_selection_data THEN tag a counts 2."""
    a = create_object(Tag, name="a")
    factories.document(tags=[a])
    factories.document(tags=[a])
    factories.document()
    body = client_for(cast.owner).get("/api/documents/?include_selection_data=true").json()
    assert {"id": a.pk, "document_count": 2} in body["selection_data"]["selected_tags"]


def test_two_search_parameters_are_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN query= and more_like_id= together WHEN listing THEN 400."""
    response = client_for(cast.owner).get("/api/documents/?query=a&more_like_id=1")
    assert response.status_code == 400


def test_post_to_the_list_is_not_allowed(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a POST to /api/documents/ WHEN answered THEN 405 (uploads go to post_document/)."""
    assert client_for(cast.owner).post("/api/documents/", {}).status_code == 405


@pytest.mark.parametrize("person", ["granted", "admin"])
def test_list_queries_do_not_grow_with_the_page(cast: factories.People, client_for: ClientFor, person: str) -> None:
    """GIVEN 60 shared documents with tags, notes and custom fields WHEN listing 5, then 50
    THEN the same (small) number of queries, and none is a COUNT(DISTINCT)."""
    tag = create_object(Tag, name="t")
    field = create_custom_field("f", "string")
    for n in range(60):
        doc = factories.document(owner=cast.owner, tags=[tag])
        factories.share(doc, cast)
        set_custom_fields(doc, {field.pk: f"v{n}"})
        add_note(doc, cast.owner, "note")
    client = client_for(getattr(cast, person))
    client.get("/api/documents/?page_size=5")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/documents/?page_size=5")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/api/documents/?page_size=50").json()["results"]) == 50
    assert len(large) == len(small) <= 11
    assert not any("DISTINCT" in q["sql"].upper() for q in large.captured_queries)
