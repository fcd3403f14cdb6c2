"""Tags, correspondents, document types, storage paths: who sees, counts, changes and deletes what (§1.12)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, DocumentType, StoragePath, Tag
from tests.api import factories
from tests.api.conftest import ClientFor

ENDPOINTS = [
    ("tags", Tag, {}),
    ("correspondents", Correspondent, {}),
    ("document_types", DocumentType, {}),
    ("storage_paths", StoragePath, {"path": "{{ title }}"}),
]


@pytest.fixture(params=ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def endpoint(request: pytest.FixtureRequest) -> tuple[str, type, dict[str, str]]:
    return request.param  # type: ignore[no-any-return]


def _make(model: type, cast: factories.People, extra: dict[str, str], name: str, owner: User | None) -> object:
    return create_object(model, name=name, owner_id=owner.pk if owner else None, **extra)


def test_list_shows_owned_unowned_and_granted_only(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN alice's private object, alice's shared object and an unowned object
    WHEN each user lists them THEN each sees exactly what the visibility rule allows."""
    path, model, extra = endpoint
    private = _make(model, cast, extra, "private", cast.owner)
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast)
    public = _make(model, cast, extra, "public", None)
    expected = {
        cast.owner: {private.pk, shared.pk, public.pk},
        cast.granted: {shared.pk, public.pk},
        cast.member: {shared.pk, public.pk},
        cast.stranger: {public.pk},
        cast.admin: {private.pk, shared.pk, public.pk},
    }
    for person, ids in expected.items():
        body = client_for(person).get(f"/api/{path}/").json()
        assert {row["id"] for row in body["results"]} == ids, person.username
        assert body["count"] == len(ids)


def test_hidden_object_detail_is_404(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN alice's private object WHEN dave asks for it THEN 404, exactly as for a missing id."""
    path, model, extra = endpoint
    private = _make(model, cast, extra, "private", cast.owner)
    hidden = client_for(cast.stranger).get(f"/api/{path}/{private.pk}/")
    missing = client_for(cast.stranger).get(f"/api/{path}/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_granted_users_and_group_members_can_read(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN an object shared with bob and the team WHEN bob, carol and root read it THEN 200 for each."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast)
    for person in (cast.granted, cast.member, cast.admin):
        assert client_for(person).get(f"/api/{path}/{shared.pk}/").status_code == 200


def test_user_can_change_reflects_grants(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN an object shared for viewing only WHEN bob and alice read it THEN only alice may change it."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast)
    assert client_for(cast.granted).get(f"/api/{path}/{shared.pk}/").json()["user_can_change"] is False
    assert client_for(cast.owner).get(f"/api/{path}/{shared.pk}/").json()["user_can_change"] is True


def test_full_perms_replaces_flags_with_permissions(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN a shared object WHEN read with full_perms=true THEN `permissions` lists the grants and no flags."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast, change=True)
    body = client_for(cast.owner).get(f"/api/{path}/{shared.pk}/?full_perms=true").json()
    assert "user_can_change" not in body
    assert body["permissions"] == {
        "view": {"users": [cast.granted.pk], "groups": [cast.group.pk]},
        "change": {"users": [cast.granted.pk], "groups": [cast.group.pk]},
    }


def test_create_owns_the_object_by_default(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN alice WHEN she creates an object without `owner` THEN she owns it (201)."""
    path, _model, extra = endpoint
    response = client_for(cast.owner).post(f"/api/{path}/", {"name": "mine", **extra}, format="json")
    assert response.status_code == 201
    assert response.json()["owner"] == cast.owner.pk


def test_create_with_null_owner_is_unowned(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN `owner: null` WHEN creating THEN the object has no owner and everyone sees it."""
    path, _model, extra = endpoint
    response = client_for(cast.owner).post(f"/api/{path}/", {"name": "ours", "owner": None, **extra}, format="json")
    assert response.json()["owner"] is None
    assert client_for(cast.stranger).get(f"/api/{path}/{response.json()['id']}/").status_code == 200


def test_set_permissions_change_implies_view(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN set_permissions granting bob change only WHEN creating THEN bob can view and change it."""
    path, _model, extra = endpoint
    payload = {"name": "x", "set_permissions": {"change": {"users": [cast.granted.pk], "groups": []}}, **extra}
    created = client_for(cast.owner).post(f"/api/{path}/", payload, format="json").json()
    body = client_for(cast.granted).get(f"/api/{path}/{created['id']}/").json()
    assert body["user_can_change"] is True


def test_view_only_grant_cannot_update(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN a view-only grant WHEN bob renames the object THEN 403 and nothing changes."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast)
    response = client_for(cast.granted).patch(f"/api/{path}/{shared.pk}/", {"name": "mine now"}, format="json")
    assert response.status_code == 403
    assert model.objects.get(pk=shared.pk).name == "shared"


def test_change_grant_can_update(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN a change grant for the team WHEN carol renames the object THEN 200 and the new name."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast, change=True)
    response = client_for(cast.member).patch(f"/api/{path}/{shared.pk}/", {"name": "renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "renamed"


def test_change_grant_cannot_take_ownership(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN a change grant WHEN bob sets himself as owner THEN 403 "Insufficient permissions."."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast, change=True)
    response = client_for(cast.granted).patch(f"/api/{path}/{shared.pk}/", {"owner": cast.granted.pk}, format="json")
    assert response.status_code == 403
    assert model.objects.get(pk=shared.pk).owner_id == cast.owner.pk


def test_hidden_object_update_and_delete_are_404(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN alice's private object WHEN dave patches or deletes it THEN 404 both times."""
    path, model, extra = endpoint
    private = _make(model, cast, extra, "private", cast.owner)
    client = client_for(cast.stranger)
    assert client.patch(f"/api/{path}/{private.pk}/", {"name": "x"}, format="json").status_code == 404
    assert client.delete(f"/api/{path}/{private.pk}/").status_code == 404


def test_only_owner_deletes(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN a change grant for bob WHEN bob deletes THEN 403; WHEN alice deletes THEN 204."""
    path, model, extra = endpoint
    shared = _make(model, cast, extra, "shared", cast.owner)
    factories.share(shared, cast, change=True)
    assert client_for(cast.granted).delete(f"/api/{path}/{shared.pk}/").status_code == 403
    assert client_for(cast.owner).delete(f"/api/{path}/{shared.pk}/").status_code == 204
    assert not model.objects.filter(pk=shared.pk).exists()


def test_global_permission_is_required(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN a user without global permissions WHEN listing THEN 403."""
    path, _model, _extra = endpoint
    bare = factories.user("nobody", perms=False)
    assert client_for(bare).get(f"/api/{path}/").status_code == 403


def test_name_is_unique_per_owner(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN alice's object "dup" WHEN she creates another "dup" THEN 400 with Paperless's `error` message."""
    path, model, extra = endpoint
    _make(model, cast, extra, "dup", cast.owner)
    response = client_for(cast.owner).post(f"/api/{path}/", {"name": "dup", **extra}, format="json")
    assert response.status_code == 400
    assert response.json() == {"error": ["Object violates owner / name unique constraint"]}


def test_document_count_counts_only_visible_documents(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN an unowned object on alice's private document and on a public one
    WHEN alice and dave list it THEN alice counts 2 and dave 1."""
    path, model, extra = endpoint
    obj = _make(model, cast, extra, "common", None)
    link = {"tags": [obj]} if model is Tag else {model._meta.model_name.replace("documenttype", "document_type")
                                                 .replace("storagepath", "storage_path"): obj}  # fmt: skip
    factories.document(owner=cast.owner, **link)
    factories.document(owner=None, **link)
    assert client_for(cast.owner).get(f"/api/{path}/{obj.pk}/").json()["document_count"] == 2
    assert client_for(cast.stranger).get(f"/api/{path}/{obj.pk}/").json()["document_count"] == 1


def test_list_query_count_is_bounded(cast: factories.People, client_for: ClientFor, endpoint) -> None:
    """GIVEN 60 shared objects WHEN bob lists 50 of them THEN the queries do not grow with the page."""
    path, model, extra = endpoint
    for n in range(60):
        factories.share(_make(model, cast, extra, f"obj {n}", cast.owner), cast, change=True)
    client = client_for(cast.granted)
    client.get(f"/api/{path}/?page_size=5")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/api/{path}/?page_size=5")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(f"/api/{path}/?page_size=50").json()["results"]) == 50
    assert len(large) == len(small) <= 14
    assert not any("COUNT(DISTINCT" in q["sql"].upper() for q in large.captured_queries)
