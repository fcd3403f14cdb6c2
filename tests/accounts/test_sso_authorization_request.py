"""The authorization request Paperkeep sends: state, nonce and PKCE S256 every time, the redirect URI built on
PAPERLESS_URL, and nothing a login link could override."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from paperkeep.config.providers import socialaccount_providers
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, CALLBACK, Configure, app_json, providers_json, query_of, sign_in, start_login

pytestmark = pytest.mark.django_db


def test_request_carries_state_nonce_and_pkce_s256(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the authentik app
    WHEN the login button is pressed
    THEN the authorization request has response_type=code, the openid scope, a state, a nonce and an S256 challenge."""
    params = query_of(start_login(client))
    assert params["response_type"] == "code"
    assert set(params["scope"].split()) == {"openid", "profile", "email"}
    assert len(params["state"]) >= 16 and len(params["nonce"]) >= 16
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43


def test_state_and_nonce_are_fresh_for_every_request(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN two presses of the login button
    WHEN their requests are compared
    THEN state, nonce and challenge all differ."""
    first, second = query_of(start_login(client)), query_of(start_login(client))
    for key in ("state", "nonce", "code_challenge"):
        assert first[key] != second[key]


def test_the_provider_receives_the_verifier(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a sign-in through the provider (which checks PKCE when a challenge was sent)
    WHEN the code is redeemed
    THEN the provider's token endpoint saw a code_verifier and answered ok."""
    sign_in(client, op, ALICE)
    (token_event,) = [event for event in op.login_events if event.endpoint == "token"]
    assert token_event.outcome == "ok" and token_event.params.get("code_verifier")


def test_pkce_string_false_means_off(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN "OAUTH_PKCE_ENABLED": "False" (parsed to the boolean false by the configuration)
    WHEN the login button is pressed
    THEN no challenge is sent, while state and nonce still are."""
    text = json.dumps(providers_json(app_json(op), pkce="False"))
    parsed = socialaccount_providers(text, None)  # type: ignore[arg-type]
    assert parsed["openid_connect"]["OAUTH_PKCE_ENABLED"] is False
    sso(pkce=parsed["openid_connect"]["OAUTH_PKCE_ENABLED"])
    params = query_of(start_login(client))
    assert "code_challenge" not in params and params["nonce"] and params["state"]


def test_redirect_uri_comes_from_paperless_url_not_the_host_header(client: Any, op: ProviderHandle,
                                                                    sso: Configure) -> None:
    """GIVEN PAPERLESS_URL=https://paperless.company and a request whose Host header says evil.example
    WHEN the login button is pressed
    THEN the redirect URI is the strict one on PAPERLESS_URL."""
    response = client.post("/accounts/oidc/authentik/login/", HTTP_HOST="evil.example", secure=False)
    assert query_of(response["Location"])["redirect_uri"] == CALLBACK


def test_a_login_link_cannot_override_protocol_parameters(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a crafted link with auth_params replacing redirect_uri and client_id, and an extra scope
    WHEN it is followed
    THEN the request keeps our redirect URI, client and scope."""
    crafted = quote("redirect_uri=https://evil.example/steal&client_id=other&nonce=fixed")
    location = start_login(client, auth_params=crafted, scope="offline_access,admin")  # type: ignore[arg-type]
    params = query_of(location)
    assert (params["redirect_uri"], params["client_id"]) == (CALLBACK, "paperkeep")
    assert "admin" not in params["scope"] and "offline_access" not in params["scope"]
    assert params["nonce"] != "fixed"


def test_configured_auth_params_cannot_override_protocol_parameters(client: Any, op: ProviderHandle,
                                                                    sso: Configure) -> None:
    """GIVEN settings.auth_params with a redirect_uri and a prompt
    WHEN the login button is pressed
    THEN prompt is sent and the redirect URI is still ours."""
    sso(apps=[app_json(op, auth_params={"redirect_uri": "https://evil.example/", "prompt": "login"})])
    params = query_of(start_login(client))
    assert params["redirect_uri"] == CALLBACK and params["prompt"] == "login"


def test_login_hint_passes_through(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a link with login_hint
    WHEN it is followed
    THEN the provider receives the hint."""
    assert query_of(start_login(client, login_hint="alice"))["login_hint"] == "alice"


def test_get_on_the_provider_url_asks_before_leaving(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a plain link (GET) to the provider login URL
    WHEN it is opened
    THEN a page asks to continue (a POST form), instead of redirecting unasked."""
    page = client.get("/accounts/oidc/authentik/login/")
    assert page.status_code == 200 and "Continue to authentik" in page.content.decode()
