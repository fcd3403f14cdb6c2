"""A first SSO sign-in creates the user from the claims and lands them signed in; the next one finds them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, app_json, sign_in

pytestmark = pytest.mark.django_db


def test_first_sign_in_creates_the_user_and_signs_in(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the authentik app with AUTO_CREATE
    WHEN alice signs in at the provider for the first time
    THEN the callback redirects to the app root and she is signed in as a new user from her claims."""
    response = sign_in(client, op, ALICE)
    assert response.status_code == 302, response.content[:800]
    assert response["Location"] == "/"
    user = get_user_model().objects.get(email="alice@example.org")
    assert (user.username, user.first_name, user.last_name) == ("alice", "Alice", "Liddell")
    assert client.get("/").status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_second_sign_in_finds_the_same_user(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice signed in once by SSO and signed out
    WHEN she signs in again
    THEN she is the same user, and no second user exists."""
    sign_in(client, op, ALICE)
    first = int(client.session["_auth_user_id"])
    client.logout()
    sign_in(client, op, ALICE)
    assert int(client.session["_auth_user_id"]) == first
    assert get_user_model().objects.filter(email="alice@example.org").count() == 1


def test_claims_mapping_takes_the_username_from_email(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN "claims": {"username": "email"} as in the guide
    WHEN alice signs in for the first time
    THEN her local username is her e-mail address."""
    sso(apps=[app_json(op, claims={"username": "email"})])
    sign_in(client, op, ALICE)
    assert get_user_model().objects.filter(username="alice@example.org").exists()
