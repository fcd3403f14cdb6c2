"""Page queries compiled once and run again with other ids (`paperkeep.api.compiled`), and the list rows
they load (tags, notes, custom fields, grants, correspondent names) rendered as before."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet

from paperkeep.api.compiled import PageQuery
from paperkeep.api.grants import _grant_query, _grant_rows
from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.field_definitions import create_custom_field
from paperkeep.documents.models import Correspondent, Document, Note, Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def _tagged_documents(count: int) -> list[Document]:
    tags = [Tag.objects.create(name=f"tag {n}") for n in range(3)]
    return [factories.document(tags=tags[: n % 4]) for n in range(count)]


def test_a_page_query_runs_its_stored_sql_with_other_ids(db: None) -> None:
    """GIVEN a tag query compiled for one page of 3 ids
    WHEN it runs for another page of 3 ids
    THEN it returns what the ORM returns for those ids, and the query was built only once."""
    docs = _tagged_documents(6)
    builds: list[Sequence[int]] = []

    def build(ids: Sequence[int]) -> QuerySet[Any]:
        builds.append(ids)
        return Document.tags.through.objects.filter(document_id__in=ids).values_list("document_id", "tag_id")

    query: PageQuery[Any] = PageQuery()
    for page in ([d.pk for d in docs[:3]], [d.pk for d in docs[3:]]):
        expected = sorted(
            Document.tags.through.objects.filter(document_id__in=page).values_list("document_id", "tag_id")
        )
        assert sorted(query.rows("tags", page, build)) == expected
    assert len(builds) == 1


def test_a_page_query_with_ids_in_every_part_of_a_union_places_them_all(cast: factories.People) -> None:
    """GIVEN documents with view and change grants to users and groups (a four-part UNION per page)
    WHEN their grants are read for two pages of the same size
    THEN each page gets exactly its own grants."""
    docs = [factories.document(owner=cast.owner) for _ in range(4)]
    factories.share(docs[0], cast, change=True)
    factories.share(docs[3], cast)
    for page in ([docs[0].pk, docs[1].pk], [docs[2].pk, docs[3].pk]):
        expected: dict[str, dict[int, list[int]]] = {}
        for obj_id, who, kind in _grant_query(Document, page):
            expected.setdefault(kind, {}).setdefault(obj_id, []).append(who)
        found = {kind: dict(rows) for kind, rows in _grant_rows(Document, page).items() if rows}
        assert found == expected


def test_a_query_whose_ids_cannot_be_placed_is_built_every_time(db: None) -> None:
    """GIVEN a query that does not use every id it is given as a parameter
    WHEN it runs twice
    THEN it runs through the ORM each time (no stored SQL), and still answers for the ids given."""
    docs = _tagged_documents(4)
    builds = 0

    def build(ids: Sequence[int]) -> QuerySet[Any]:
        nonlocal builds
        builds += 1
        return Document.objects.filter(pk__in=list(ids)[:1]).values_list("pk")

    query: PageQuery[Any] = PageQuery()
    assert query.rows("first", [docs[0].pk, docs[1].pk], build) == [(docs[0].pk,)]
    assert query.rows("first", [docs[2].pk, docs[3].pk], build) == [(docs[2].pk,)]
    assert builds == 3  # one trial compile (remembered as unusable), then the ORM query each time


def test_list_rows_show_notes_with_their_authors(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with a note by alice and a note whose author was deleted
    WHEN alice lists documents twice (the second page runs the stored SQL)
    THEN each note shows its author's id and names, and the orphan note shows no user."""
    doc = factories.document(owner=cast.owner)
    cast.owner.first_name, cast.owner.last_name = "Alice", "Liddell"
    cast.owner.save()
    Note.objects.create(document=doc, note="first", user=cast.owner)
    ghost = factories.user("ghost")
    Note.objects.create(document=doc, note="second", user=ghost)
    ghost.delete()
    client = client_for(cast.owner)
    for _ in range(2):
        notes = client.get("/api/documents/").json()["results"][0]["notes"]
        assert [note["note"] for note in notes] == ["first", "second"]
        assert notes[0]["user"] == {
            "id": cast.owner.pk,
            "username": "alice",
            "first_name": "Alice",
            "last_name": "Liddell",
        }
        assert notes[1]["user"] is None


def test_list_rows_show_custom_field_values_by_type(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document with a date field and an integer field
    WHEN its owner lists documents
    THEN each value comes from its type's column, the date as ISO text."""
    doc = factories.document(owner=cast.owner)
    due = create_custom_field("due", "date")
    count = create_custom_field("count", "integer")
    set_custom_fields(doc, {due.pk: "2024-08-15", count.pk: 7})
    row = client_for(cast.owner).get("/api/documents/").json()["results"][0]
    assert {entry["field"]: entry["value"] for entry in row["custom_fields"]} == {due.pk: "2024-08-15", count.pk: 7}


def test_archived_file_name_carries_the_correspondent_name(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an archived document of correspondent "ACME"
    WHEN its owner lists documents
    THEN its archived file name is `<created> ACME <title>.pdf`."""
    acme = Correspondent.objects.create(name="ACME")
    doc = factories.document(owner=cast.owner, title="Bill", correspondent=acme, created=date(2024, 5, 1))
    Document.objects.filter(pk=doc.pk).update(archive_filename="0001.pdf")
    row = client_for(cast.owner).get("/api/documents/").json()["results"][0]
    assert row["archived_file_name"] == "2024-05-01 ACME Bill.pdf"


def test_list_rows_show_versions_newest_first_and_a_lone_document_as_its_own_root(
    cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a document with one newer version, and a document without versions
    WHEN their owner lists documents
    THEN the first shows the version then itself (only itself `is_root`), the second only itself."""
    root = factories.document(owner=cast.owner, title="With version")
    version = factories.document(owner=cast.owner, root_document=root, version_label="v2")
    alone = factories.document(owner=cast.owner, title="Alone")
    rows = {row["id"]: row for row in client_for(cast.owner).get("/api/documents/").json()["results"]}
    assert set(rows) == {root.pk, alone.pk}
    assert [(v["id"], v["is_root"], v["version_label"]) for v in rows[root.pk]["versions"]] == [
        (version.pk, False, "v2"),
        (root.pk, True, root.version_label),
    ]
    assert [(v["id"], v["is_root"], v["checksum"]) for v in rows[alone.pk]["versions"]] == [
        (alone.pk, True, alone.checksum)
    ]
