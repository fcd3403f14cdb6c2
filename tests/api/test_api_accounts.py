"""`/api/users/`, `/api/groups/`, `/api/profile/` and `generate_auth_token/`."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token

from tests.api import factories
from tests.api.conftest import ClientFor


def test_user_shape_hides_the_password(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN users WHEN the admin lists them THEN Paperless's fields with the password obfuscated."""
    body = client_for(cast.admin).get("/api/users/").json()
    alice = next(row for row in body["results"] if row["username"] == "alice")
    assert alice["password"] == "**********"
    assert list(alice) == [
        "id", "username", "email", "password", "first_name", "last_name", "date_joined", "is_staff", "is_active",
        "is_superuser", "groups", "user_permissions", "inherited_permissions", "is_mfa_enabled",
    ]  # fmt: skip
    assert "view_document" in alice["user_permissions"]


def test_create_user_with_permissions_and_groups(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the admin WHEN creating a user with a group, a permission and a password THEN all are set."""
    payload = {"username": "eve", "password": "S3cret-enough!", "groups": [cast.group.pk],
               "user_permissions": ["view_document"]}  # fmt: skip
    assert client_for(cast.admin).post("/api/users/", payload, format="json").status_code == 201
    eve = User.objects.get(username="eve")
    assert eve.check_password("S3cret-enough!")
    assert eve.has_perm("documents.view_document")
    assert list(eve.groups.all()) == [cast.group]


def test_non_superuser_cannot_make_superusers(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user allowed to add users WHEN creating a superuser THEN 403."""
    from django.contrib.auth.models import Permission

    cast.owner.user_permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    response = client_for(cast.owner).post("/api/users/", {"username": "x", "is_superuser": True}, format="json")
    assert response.status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_users_need_permission(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a user without auth permissions WHEN listing users THEN 403."""
    assert client_for(cast.stranger).get("/api/users/").status_code == 403


def test_groups_with_codenames(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the admin WHEN creating a group with permissions by codename THEN they are stored and read back."""
    client = client_for(cast.admin)
    created = client.post("/api/groups/", {"name": "readers", "permissions": ["view_document"]}, format="json")
    assert created.json()["permissions"] == ["view_document"]
    assert Group.objects.get(name="readers").permissions.get().codename == "view_document"


def test_profile_shape(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice WHEN reading her profile THEN Paperless's keys with her token."""
    client = client_for(cast.owner)
    body = client.get("/api/profile/").json()
    assert list(body) == ["email", "password", "first_name", "last_name", "auth_token", "social_accounts",
                          "has_usable_password", "is_mfa_enabled"]  # fmt: skip
    assert body["auth_token"] == Token.objects.get(user=cast.owner).key


def test_profile_patch_keeps_password_when_asterisks(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the obfuscated password WHEN patching the profile with it and a new name THEN only the name changes."""
    client_for(cast.owner).patch("/api/profile/", {"password": "**********", "first_name": "Alice"}, format="json")
    cast.owner.refresh_from_db()
    assert cast.owner.first_name == "Alice"
    assert cast.owner.check_password("password")


def test_generate_auth_token_replaces_the_token(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's token WHEN she generates a new one THEN the old key stops working."""
    client = client_for(cast.owner)
    old = Token.objects.get(user=cast.owner).key
    new = client.post("/api/profile/generate_auth_token/").json()
    assert new != old and len(new) == 40
    assert client.get("/api/profile/").status_code == 401


def test_users_are_listed_by_case_insensitive_username(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN users "Zed" and "bert" besides the cast WHEN listing users THEN "bert" comes before "Zed"
    (Paperless-ngx orders by the lower-cased username)."""
    User.objects.create_user("Zed")
    User.objects.create_user("bert")
    names = [row["username"] for row in client_for(cast.admin).get("/api/users/").json()["results"]]
    assert names.index("bert") < names.index("Zed")


def test_groups_are_listed_by_case_insensitive_name(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN groups "Zulu" and "alpha" WHEN listing groups THEN "alpha" comes before "Zulu"."""
    Group.objects.create(name="Zulu")
    Group.objects.create(name="alpha")
    names = [row["name"] for row in client_for(cast.admin).get("/api/groups/").json()["results"]]
    assert names.index("alpha") < names.index("Zulu")


def _user_admin(cast: factories.People) -> User:
    """alice, allowed to manage users but not a superuser."""
    from django.contrib.auth.models import Permission

    cast.owner.user_permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    return cast.owner


def test_non_superuser_may_put_back_a_staff_users_unchanged_status(
    cast: factories.People, client_for: ClientFor
) -> None:
    """GIVEN a staff user and alice, a non-superuser user manager WHEN she PUTs back what she read with a new
    first name THEN 200: sending the staff status the user already has is no change (Paperless-ngx's rule)."""
    staff = User.objects.create_user("staffer", is_staff=True)
    client = client_for(_user_admin(cast))
    read = client.get(f"/api/users/{staff.pk}/").json()
    read["first_name"] = "Sam"
    response = client.put(f"/api/users/{staff.pk}/", read, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "Sam"


def test_non_superuser_cannot_change_staff_status(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a plain user WHEN alice, not a superuser, makes them staff THEN Paperless-ngx's plain-text 403."""
    response = client_for(_user_admin(cast)).patch(f"/api/users/{cast.stranger.pk}/", {"is_staff": True}, format="json")
    assert (response.status_code, response.content) == (403, b"Staff status can only be changed by a superuser")
    cast.stranger.refresh_from_db()
    assert not cast.stranger.is_staff


def test_non_superuser_cannot_touch_or_delete_a_superuser(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN root, a superuser WHEN alice, not a superuser, patches or deletes root THEN 403 with the messages."""
    client = client_for(_user_admin(cast))
    patched = client.patch(f"/api/users/{cast.admin.pk}/", {"first_name": "x"}, format="json")
    deleted = client.delete(f"/api/users/{cast.admin.pk}/")
    assert (patched.status_code, patched.content) == (403, b"Superusers can only be modified by other superusers")
    assert (deleted.status_code, deleted.content) == (403, b"Superusers can only be deleted by other superusers")
    assert User.objects.filter(pk=cast.admin.pk).exists()


def test_non_superuser_cannot_create_staff(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice, not a superuser WHEN she creates a staff user THEN 403 and no user."""
    response = client_for(_user_admin(cast)).post("/api/users/", {"username": "s", "is_staff": "true"}, format="json")
    assert (response.status_code, response.content) == (403, b"Staff status can only be granted by a superuser")
    assert not User.objects.filter(username="s").exists()
