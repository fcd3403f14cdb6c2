"""API access with access tokens the provider issued (PAPERLESS_SSO_API_PROVIDERS): JWTs checked against the
JWKS (iss, aud, exp), opaque tokens through introspection, always as the linked, active user."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.support.oidc_provider import Client, ProviderHandle

from .conftest import ALICE, BOB, CALLBACK, CLIENT, Configure, app_json, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_sso(client: Any, op: ProviderHandle, sso: Configure) -> Configure:
    """SSO with API access enabled, and alice known here (she signed in once)."""
    sso(sso_api_providers=("authentik",))
    sign_in(client, op, ALICE)
    return sso


def bearer(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_jwt_access_token_is_the_linked_user(op: ProviderHandle, api_sso: Configure) -> None:
    """GIVEN a JWT access token the provider issued to alice for our client
    WHEN the API is called with it
    THEN it answers as alice."""
    token = op.issue_access_token(ALICE, CLIENT).jwt
    response = bearer(token).get("/api/profile/")
    assert response.status_code == 200 and response.json()["email"] == ALICE.email


def test_opaque_access_token_is_introspected(op: ProviderHandle, api_sso: Configure) -> None:
    """GIVEN an opaque access token for alice
    WHEN the API is called with it
    THEN the provider is asked (introspection) and the API answers as alice."""
    token = op.issue_access_token(ALICE, CLIENT).opaque
    response = bearer(token).get("/api/profile/")
    assert response.status_code == 200 and response.json()["email"] == ALICE.email
    assert any(event.endpoint == "introspect" for event in op.events)


@pytest.mark.parametrize("switch", ["expired", "wrong_aud", "wrong_iss", "bad_signature", "alg_none"])
def test_bad_jwt_access_tokens_are_refused(switch: str, op: ProviderHandle, api_sso: Configure) -> None:
    """GIVEN a JWT access token broken in one way
    WHEN the API is called with it
    THEN 401."""
    with op.misbehaving(**{switch: True}):
        token = op.issue_access_token(ALICE, CLIENT).jwt
    assert bearer(token).get("/api/profile/").status_code == 401


def test_token_for_another_client_is_refused(op: ProviderHandle, api_sso: Configure) -> None:
    """GIVEN a token the provider issued to a different client (another application)
    WHEN the API is called with it
    THEN 401 (the audience is not us)."""
    other = Client("another-app", "another-secret", redirect_uris=[CALLBACK])
    op.add_client(other)
    assert bearer(op.issue_access_token(ALICE, other).jwt).get("/api/profile/").status_code == 401


def test_token_of_a_user_never_seen_here_is_refused(op: ProviderHandle, api_sso: Configure) -> None:
    """GIVEN a valid token for bob, who never signed in to Paperkeep
    WHEN the API is called with it
    THEN 401."""
    assert bearer(op.issue_access_token(BOB, CLIENT).jwt).get("/api/profile/").status_code == 401


def test_token_of_a_deactivated_user_is_refused(op: ProviderHandle, api_sso: Configure,
                                                django_user_model: Any) -> None:
    """GIVEN alice deactivated here
    WHEN the API is called with her valid token
    THEN 401."""
    django_user_model.objects.filter(email=ALICE.email).update(is_active=False)
    assert bearer(op.issue_access_token(ALICE, CLIENT).jwt).get("/api/profile/").status_code == 401


def test_provider_tokens_are_refused_unless_enabled(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN SSO without PAPERLESS_SSO_API_PROVIDERS
    WHEN the API is called with alice's valid token
    THEN 401."""
    sign_in(client, op, ALICE)
    assert bearer(op.issue_access_token(ALICE, CLIENT).jwt).get("/api/profile/").status_code == 401


def test_opaque_token_falls_back_to_userinfo_without_client_credentials(op: ProviderHandle, api_sso: Configure,
                                                                        settings: Any) -> None:
    """GIVEN the app configured without a client secret (so introspection, which needs one, is not possible)
    WHEN the API is called with alice's opaque token
    THEN the provider's userinfo endpoint names her, and the API answers as alice."""
    app = app_json(op)
    app["secret"] = ""
    api_sso(apps=[app], sso_api_providers=("authentik",))
    response = bearer(op.issue_access_token(ALICE, CLIENT).opaque).get("/api/profile/")
    assert response.status_code == 200 and response.json()["email"] == ALICE.email
    assert not any(event.endpoint == "introspect" for event in op.events)
