"""Group sync from the groups claim: upstream's by-name sync, plus creating missing groups on request, a
mapping to local groups, staff and superuser from the claim (never the last superuser), and local
memberships the provider does not manage kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.support.oidc_provider import ProviderHandle, User

from .conftest import Configure, sign_in

pytestmark = pytest.mark.django_db


def dora(*groups: str) -> User:
    return User("dora", "dora-pw", email="dora@example.org", name="Dora", groups=list(groups))


def sign_in_with(client: Any, op: ProviderHandle, *groups: str) -> Any:
    """Sign dora in with these groups in her claim; return her user."""
    op.add_user(dora(*groups))
    client.logout()
    sign_in(client, op, dora(*groups))
    return get_user_model().objects.get(email="dora@example.org")


def names(user: Any) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_sync_off_leaves_groups_alone(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN SOCIAL_ACCOUNT_SYNC_GROUPS off and a group named as in the claim
    WHEN dora signs in
    THEN she is not put into it."""
    Group.objects.create(name="readers")
    assert names(sign_in_with(client, op, "readers")) == []


def test_sync_puts_the_user_into_existing_groups_by_name(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN sync on, group "readers" existing and "unknown" not
    WHEN dora signs in with both in her claim
    THEN she is in readers; unknown is neither created nor an error."""
    Group.objects.create(name="readers")
    sso(sync_groups=True)
    assert names(sign_in_with(client, op, "readers", "unknown")) == ["readers"]
    assert not Group.objects.filter(name="unknown").exists()


def test_missing_groups_are_created_when_asked(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN sync on and SOCIAL_ACCOUNT_SYNC_GROUPS_CREATE on
    WHEN dora signs in with "new-team"
    THEN the group is created and she is in it."""
    sso(sync_groups=True, sync_groups_create=True)
    assert names(sign_in_with(client, op, "new-team")) == ["new-team"]


def test_claim_values_map_to_local_groups(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN SOCIAL_ACCOUNT_GROUP_MAP {"authentik Admins": ["admins", "editors"]}
    WHEN dora signs in with "authentik Admins"
    THEN she is in admins and editors."""
    Group.objects.create(name="admins")
    Group.objects.create(name="editors")
    sso(sync_groups=True, group_map={"authentik Admins": ("admins", "editors")})
    assert names(sign_in_with(client, op, "authentik Admins")) == ["admins", "editors"]


def test_the_groups_claim_name_is_configurable(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN SOCIAL_ACCOUNT_SYNC_GROUPS_CLAIM=roles and the provider sending roles
    WHEN dora signs in
    THEN her groups follow the roles claim."""
    Group.objects.create(name="auditors")
    sso(sync_groups=True, sync_groups_claim="roles")
    with op.misbehaving(userinfo_claims={"roles": ["auditors"]}, id_token_claims={"roles": ["auditors"]}):
        user = sign_in_with(client, op)
    assert names(user) == ["auditors"]


def test_groups_removed_at_the_provider_are_removed_here(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN dora synced into readers and writers
    WHEN she signs in again with only readers
    THEN she is no longer in writers."""
    Group.objects.create(name="readers")
    Group.objects.create(name="writers")
    sso(sync_groups=True)
    sign_in_with(client, op, "readers", "writers")
    assert names(sign_in_with(client, op, "readers")) == ["readers"]


def test_local_memberships_the_provider_does_not_manage_are_kept(client: Any, op: ProviderHandle,
                                                                 sso: Configure) -> None:
    """GIVEN dora synced into readers, then added by an administrator to "project-x" here
    WHEN she signs in again with an empty groups claim
    THEN readers is removed but project-x stays."""
    Group.objects.create(name="readers")
    sso(sync_groups=True)
    user = sign_in_with(client, op, "readers")
    user.groups.add(Group.objects.create(name="project-x"))
    assert names(sign_in_with(client, op)) == ["project-x"]


def test_staff_and_superuser_follow_the_claim(client: Any, op: ProviderHandle, sso: Configure,
                                              django_user_model: Any) -> None:
    """GIVEN SYNC_SUPERUSER_GROUP=paperless-admins, another superuser existing
    WHEN dora signs in with it, then without it
    THEN she becomes superuser and staff, then neither."""
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    sso(sync_groups=True, sync_superuser_group="paperless-admins", sync_staff_group="paperless-staff")
    user = sign_in_with(client, op, "paperless-admins")
    assert (user.is_superuser, user.is_staff) == (True, True)
    user = sign_in_with(client, op)
    assert (user.is_superuser, user.is_staff) == (False, False)


def test_staff_alone_from_the_claim(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN SYNC_STAFF_GROUP=paperless-staff
    WHEN dora signs in with it
    THEN she is staff but not superuser."""
    sso(sync_groups=True, sync_staff_group="paperless-staff")
    user = sign_in_with(client, op, "paperless-staff")
    assert (user.is_superuser, user.is_staff) == (False, True)


def test_the_last_superuser_is_never_removed(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN dora made superuser by sync and no other active superuser
    WHEN she signs in without the admin group
    THEN she stays superuser (and staff), so the installation keeps an administrator."""
    sso(sync_groups=True, sync_superuser_group="paperless-admins")
    sign_in_with(client, op, "paperless-admins")
    get_user_model().objects.exclude(email="dora@example.org").update(is_superuser=False)
    user = sign_in_with(client, op)
    assert (user.is_superuser, user.is_staff) == (True, True)


def test_a_superuser_made_here_is_not_demoted_by_sync(client: Any, op: ProviderHandle, sso: Configure,
                                                      django_user_model: Any) -> None:
    """GIVEN dora made superuser by an administrator here (not by sync), and another superuser
    WHEN she signs in without the admin group
    THEN she stays superuser: sync takes back only what it granted."""
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    sso(sync_groups=True, sync_superuser_group="paperless-admins")
    user = sign_in_with(client, op)
    user.is_superuser = True
    user.save()
    assert sign_in_with(client, op).is_superuser
