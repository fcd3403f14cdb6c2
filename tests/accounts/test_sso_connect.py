"""An existing local user connects the provider from My Profile and signs in with it from then on; disconnect;
the Paperless-compatible `social_account_providers` and `disconnect_social_account` endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount

from paperkeep.accounts.models import SsoAttempt
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, local_path, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("alice-local", "alice-local@example.org", "local-password-1")


def connect(client: Any, op: ProviderHandle) -> Any:
    """Press "Connect new social account" → authentik on My Profile and sign in at the provider."""
    profile = client.get("/accounts/profile/").content.decode()
    assert "Connect new social account" in profile
    url = "/accounts/oidc/authentik/login/?process=connect"
    assert f'action="{url}"' in profile
    to_provider = client.post(url)
    return client.get(local_path(op.authorize(to_provider["Location"], ALICE)))


def test_local_user_connects_and_then_signs_in_with_the_provider(client: Any, op: ProviderHandle, sso: Configure,
                                                                 local_user: Any) -> None:
    """GIVEN a local user signed in with a password
    WHEN they connect authentik from My Profile, sign out, and sign in with authentik
    THEN the connection lands back on My Profile, and the SSO sign-in is that same local user."""
    client.post("/accounts/login/", {"login": "alice-local", "password": "local-password-1"})
    back = connect(client, op)
    assert back["Location"] == "/accounts/profile/"
    assert SocialAccount.objects.get(user=local_user).uid == ALICE.sub
    assert SsoAttempt.objects.latest("pk").outcome == "connected"
    client.post("/accounts/logout/")
    sign_in(client, op, ALICE)
    assert int(client.session["_auth_user_id"]) == local_user.pk


def test_profile_lists_the_connected_account(client: Any, op: ProviderHandle, sso: Configure,
                                             local_user: Any) -> None:
    """GIVEN a connected account
    WHEN My Profile is shown
    THEN it lists the provider's name and the account's e-mail with a Disconnect button."""
    client.force_login(local_user)
    connect(client, op)
    text = client.get("/accounts/profile/").content.decode()
    assert "authentik" in text and ALICE.email in text and "Disconnect" in text


def test_disconnect_from_the_profile(client: Any, op: ProviderHandle, sso: Configure, local_user: Any) -> None:
    """GIVEN a connected account and a usable password
    WHEN Disconnect is pressed
    THEN the connection is gone."""
    client.force_login(local_user)
    connect(client, op)
    account = SocialAccount.objects.get(user=local_user)
    client.post(f"/accounts/profile/disconnect/{account.pk}/")
    assert not SocialAccount.objects.filter(user=local_user).exists()


def test_disconnecting_the_only_way_in_is_refused(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a user created by SSO (no password) with one connection
    WHEN they try to disconnect it
    THEN it is refused with a message, and the connection stays."""
    sign_in(client, op, ALICE)
    account = SocialAccount.objects.get()
    response = client.post(f"/accounts/profile/disconnect/{account.pk}/", follow=True)
    assert SocialAccount.objects.filter(pk=account.pk).exists()
    assert "Set a password first" in response.content.decode()


def test_an_identity_connected_elsewhere_cannot_be_connected_again(client: Any, op: ProviderHandle, sso: Configure,
                                                                   local_user: Any) -> None:
    """GIVEN alice's identity already belongs to the SSO-created user
    WHEN another local user tries to connect the same identity
    THEN it is not moved to them, and the attempt is recorded as a conflict."""
    sign_in(client, op, ALICE)
    owner = SocialAccount.objects.get().user_id
    client.logout()
    client.force_login(local_user)
    connect(client, op)
    assert SocialAccount.objects.get().user_id == owner
    assert SsoAttempt.objects.latest("pk").code == "sso.connect_conflict"


def test_api_lists_providers_to_connect(client: Any, op: ProviderHandle, sso: Configure, local_user: Any) -> None:
    """GIVEN the authentik app
    WHEN /api/profile/social_account_providers/ is requested
    THEN it lists {name, login_url} with process=connect, as Paperless-ngx does."""
    client.force_login(local_user)
    response = client.get("/api/profile/social_account_providers/")
    assert response.json() == [{"name": "authentik", "login_url": "/accounts/oidc/authentik/login/?process=connect"}]


def test_api_disconnects_by_id(client: Any, op: ProviderHandle, sso: Configure, local_user: Any) -> None:
    """GIVEN a connected account
    WHEN /api/profile/disconnect_social_account/ is posted its id, then an unknown id
    THEN the first answers the id and removes it; the second answers 400 "Social account not found"."""
    client.force_login(local_user)
    connect(client, op)
    pk = SocialAccount.objects.get().pk
    first = client.post("/api/profile/disconnect_social_account/", {"id": pk}, content_type="application/json")
    assert (first.status_code, first.json()) == (200, pk)
    second = client.post("/api/profile/disconnect_social_account/", {"id": pk}, content_type="application/json")
    assert (second.status_code, second.json()) == (400, "Social account not found")

