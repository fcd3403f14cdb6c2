"""Permissions and group ids remembered between requests: every change counts from the very next request.

These tests run outside a test transaction (`transactional_db`): inside one, nothing is remembered at all.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction

from paperkeep import access_cache
from tests.api import factories
from tests.api.conftest import ClientFor

pytestmark = pytest.mark.usefixtures("transactional_db")


def _view_tag() -> Permission:
    return Permission.objects.get(content_type__app_label="documents", codename="view_tag")


def test_values_are_remembered_outside_a_transaction(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user's request answered WHEN their groups are asked for again THEN the remembered value comes
    back without a query (the premise of the tests below: the cache is really in use here)."""
    assert not connection.in_atomic_block
    client_for(cast.member).get("/api/tags/")
    calls = []
    value = access_cache.remembered("groups", cast.member.pk, lambda: calls.append(1) or ())
    assert value == (cast.group.pk,) and calls == []


def test_a_revoked_permission_refuses_the_next_request(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user allowed to list tags, answered once WHEN the permission is taken away THEN the next
    request is refused."""
    client = client_for(cast.stranger)
    assert client.get("/api/tags/").status_code == 200
    cast.stranger.user_permissions.remove(_view_tag())
    assert client.get("/api/tags/").status_code == 403


def test_a_granted_permission_allows_the_next_request(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user without permissions, refused once WHEN view_tag is granted THEN the next request lists tags."""
    newcomer = factories.user("erin", perms=False)
    client = client_for(newcomer)
    assert client.get("/api/tags/").status_code == 403
    newcomer.user_permissions.add(_view_tag())
    assert client.get("/api/tags/").status_code == 200


def test_a_group_losing_a_permission_refuses_its_members(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user who may list tags only through a group, answered once WHEN the group loses the permission
    THEN the next request is refused."""
    newcomer = factories.user("erin", perms=False)
    cast.group.permissions.add(_view_tag())
    newcomer.groups.add(cast.group)
    client = client_for(newcomer)
    assert client.get("/api/tags/").status_code == 200
    cast.group.permissions.remove(_view_tag())
    assert client.get("/api/tags/").status_code == 403


def test_leaving_a_group_hides_its_documents_at_once(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document shared with a group, seen by a member WHEN the member is removed (from the group's side)
    THEN the next request answers 404 for it and leaves it out of the list."""
    document = factories.document(owner=cast.owner, title="team plan")
    factories.share(document, cast)
    client = client_for(cast.member)
    assert client.get(f"/api/documents/{document.pk}/").status_code == 200
    cast.group.user_set.remove(cast.member)
    assert client.get(f"/api/documents/{document.pk}/").status_code == 404
    assert client.get("/api/documents/").json()["count"] == 0


def test_deleting_a_group_hides_its_documents_at_once(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document shared with a group, seen by a member WHEN the group is deleted
    THEN the next request answers 404 for it."""
    document = factories.document(owner=cast.owner, title="team plan")
    factories.share(document, cast)
    client = client_for(cast.member)
    assert client.get(f"/api/documents/{document.pk}/").status_code == 200
    cast.group.delete()
    assert client.get(f"/api/documents/{document.pk}/").status_code == 404


def test_a_superuser_demoted_keeps_no_permission(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a superuser without permissions of their own, answered once WHEN demoted to an ordinary user
    THEN the next request is refused (what they held as superuser is not remembered for them)."""
    boss = factories.user("boss", superuser=True)
    client = client_for(boss)
    assert client.get("/api/tags/").status_code == 200
    boss.is_superuser = False
    boss.save()
    assert client.get("/api/tags/").status_code == 403


def test_a_change_by_another_process_counts_once_it_records_a_generation(
    cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a user allowed to list tags, answered once WHEN another process removes the permission (here raw
    SQL, so this process gets no signal) and records a new generation THEN the next request is refused."""
    client = client_for(cast.stranger)
    assert client.get("/api/tags/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM auth_user_user_permissions WHERE user_id = %s AND permission_id = %s",
            [cast.stranger.pk, _view_tag().pk],
        )
    assert client.get("/api/tags/").status_code == 200  # the premise: this process still remembers it
    access_cache._generation_file().write_text("from-another-process", encoding="ascii")
    assert client.get("/api/tags/").status_code == 403


def test_a_change_rolled_back_is_not_remembered(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user without permissions WHEN view_tag is granted and checked inside a transaction that is
    rolled back THEN afterwards the user is refused (nothing read in the transaction was remembered)."""
    newcomer = factories.user("erin", perms=False)
    client = client_for(newcomer)
    assert client.get("/api/tags/").status_code == 403
    with pytest.raises(RuntimeError), transaction.atomic():
        newcomer.user_permissions.add(_view_tag())
        assert client.get("/api/tags/").status_code == 200
        raise RuntimeError("roll back")
    assert client.get("/api/tags/").status_code == 403


def test_a_value_remembered_while_a_change_is_uncommitted_is_forgotten_at_commit() -> None:
    """GIVEN a change made in an open transaction WHEN another thread (as another process would) remembers a
    value meanwhile, read from the old committed state THEN once the transaction commits, it is not used."""
    import threading

    with transaction.atomic():
        access_cache.changed()
        thread = threading.Thread(target=lambda: access_cache.remembered("groups", -1, lambda: ("old",)))
        thread.start()
        thread.join()
        assert access_cache.remembered("groups", -1, lambda: ("inside",)) == ("inside",)
    assert access_cache.remembered("groups", -1, lambda: ("new",)) == ("new",)
