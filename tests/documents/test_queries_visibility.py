"""Who sees which documents: `queries.visible_documents` and `access_document`."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paperkeep.documents import queries
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.actions.permissions import Grants, set_permissions
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document

pytestmark = pytest.mark.django_db


def doc(title: str, owner: Any = None) -> Document:
    return Document.objects.create(title=title, checksum=title, mime_type="application/pdf", owner=owner)


def titles(user: Any) -> set[str]:
    return set(queries.visible_documents(user).values_list("title", flat=True))


def test_owner_sees_own_and_unowned_but_not_others(make_user: Any) -> None:
    """GIVEN documents of alice, of bob and one without owner
    WHEN alice lists her visible documents
    THEN she sees hers and the unowned one, not bob's."""
    alice, bob = make_user("alice"), make_user("bob")
    doc("a", alice), doc("b", bob), doc("public")
    assert titles(alice) == {"a", "public"}


def test_user_grant_makes_a_document_visible(make_user: Any) -> None:
    """GIVEN bob's document with a view grant for alice
    WHEN alice lists her visible documents
    THEN she sees it."""
    alice, bob = make_user("alice"), make_user("bob")
    shared = doc("shared", bob)
    set_permissions([shared], Grants.of(view_users=[alice.pk]))
    assert titles(alice) == {"shared"}


def test_group_grant_makes_a_document_visible(make_user: Any) -> None:
    """GIVEN bob's document granted to a group alice belongs to
    WHEN alice lists her visible documents
    THEN she sees it, and carol (not in the group) does not."""
    team = Group.objects.create(name="team")
    alice, bob, carol = make_user("alice", groups=(team,)), make_user("bob"), make_user("carol")
    shared = doc("shared", bob)
    set_permissions([shared], Grants.of(view_groups=[team.pk]))
    assert titles(alice) == {"shared"}
    assert titles(carol) == set()


def test_change_grant_implies_view(make_user: Any) -> None:
    """GIVEN bob's document with only a change grant for alice
    WHEN alice lists her visible documents
    THEN she sees it (a change grant always comes with view)."""
    alice, bob = make_user("alice"), make_user("bob")
    shared = doc("shared", bob)
    set_permissions([shared], Grants.of(change_users=[alice.pk]))
    assert titles(alice) == {"shared"}


def test_superuser_sees_everything(make_user: Any) -> None:
    """GIVEN documents of two users
    WHEN a superuser lists visible documents
    THEN all are listed."""
    alice, bob = make_user("alice"), make_user("bob")
    doc("a", alice), doc("b", bob)
    assert titles(make_user("root", superuser=True)) == {"a", "b"}


def test_anonymous_sees_only_unowned(make_user: Any) -> None:
    """GIVEN an owned and an unowned document
    WHEN an anonymous user lists visible documents
    THEN only the unowned one is listed."""
    doc("a", make_user("alice")), doc("public")
    assert titles(AnonymousUser()) == {"public"}


def test_trashed_documents_are_not_listed(make_user: Any) -> None:
    """GIVEN alice's two documents, one moved to the trash
    WHEN she lists her visible documents
    THEN only the other is listed, and the trash list has the trashed one."""
    alice = make_user("alice")
    keep, gone = doc("keep", alice), doc("gone", alice)
    trash_documents([gone])
    assert titles(alice) == {"keep"}
    assert list(queries.trashed_documents(alice).values_list("title", flat=True)) == ["gone"]
    assert keep.pk


def test_listing_a_page_is_one_query_whatever_the_page_size(make_user: Any) -> None:
    """GIVEN a user in a group and 60 documents visible through owner, user and group grants
    WHEN a page of 50 visible documents is read (after the user's groups are known)
    THEN it takes exactly one query, with no DISTINCT."""
    team = Group.objects.create(name="team")
    alice, bob = make_user("alice", groups=(team,)), make_user("bob")
    for i in range(20):
        doc(f"own{i}", alice)
        set_permissions([doc(f"user{i}", bob)], Grants.of(view_users=[alice.pk]))
        set_permissions([doc(f"group{i}", bob)], Grants.of(view_groups=[team.pk]))
    queries.group_ids(alice)
    with CaptureQueriesContext(connection) as captured:
        page = list(queries.visible_documents(alice)[:50])
    assert len(page) == 50
    assert len(captured.captured_queries) == 1
    assert "DISTINCT" not in captured.captured_queries[0]["sql"].upper()


def test_access_document_hides_missing_and_foreign_alike(make_user: Any) -> None:
    """GIVEN bob's document
    WHEN alice asks for it, and for an id that does not exist
    THEN both raise the same NotFound with the same message."""
    alice, bob = make_user("alice"), make_user("bob")
    foreign = doc("b", bob)
    with pytest.raises(NotFound) as hidden:
        queries.access_document(alice, foreign.pk)
    with pytest.raises(NotFound) as missing:
        queries.access_document(alice, foreign.pk + 1000)
    assert str(hidden.value) == str(missing.value)


def test_access_for_change_needs_a_change_grant(make_user: Any) -> None:
    """GIVEN bob's document that alice may only view
    WHEN alice asks for it to change it
    THEN NotFound is raised; with a change grant she gets it."""
    alice, bob = make_user("alice"), make_user("bob")
    shared = doc("shared", bob)
    set_permissions([shared], Grants.of(view_users=[alice.pk]))
    assert queries.access_document(alice, shared.pk) == shared
    with pytest.raises(NotFound):
        queries.access_document(alice, shared.pk, for_change=True)
    set_permissions([shared], Grants.of(change_users=[alice.pk]))
    assert queries.access_document(alice, shared.pk, for_change=True) == shared


def test_pk_among_takes_more_ids_than_sqlite_binds(make_user: Any) -> None:
    """GIVEN alice's two documents and bob's one WHEN her visible documents are narrowed to 40,000 ids (more than
    SQLite's 32,766 bound variables) that include all three THEN one query answers: her two."""
    alice, bob = make_user("alice"), make_user("bob")
    mine = [doc("a1", alice).pk, doc("a2", alice).pk]
    hidden = doc("b", bob).pk
    ids = [*range(10**6, 10**6 + 39_997), *mine, hidden]
    visible = queries.visible_documents(alice)  # (looks up her groups first)
    with CaptureQueriesContext(connection) as captured:
        found = set(visible.filter(queries.pk_among(ids)).values_list("pk", flat=True))
    assert found == set(mine) and len(captured.captured_queries) == 1
    assert not Document.objects.filter(queries.pk_among([])).exists()
