"""Fixtures for the SSO tests: one real OIDC provider process per test session (reset before each test), and
helpers that configure Paperkeep for it and walk the code flow through Django's test client."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from paperkeep.accounts.oidc import bearer, discovery, jwks
from tests.support.oidc_provider import Client, ProviderHandle, User, start_provider

PUBLIC = "https://paperless.company"
CALLBACK = PUBLIC + "/accounts/oidc/authentik/login/callback/"
LOGGED_OUT = PUBLIC + "/accounts/login/?loggedout=1"
CLIENT = Client("paperkeep", "a-long-client-secret-for-the-tests-0123456789", redirect_uris=[CALLBACK],
                post_logout_redirect_uris=[LOGGED_OUT])
ALICE = User("alice", "alice-pw", email="alice@example.org", name="Alice Liddell", given_name="Alice",
             family_name="Liddell", groups=["readers"])
BOB = User("bob", "bob-pw", email="bob@example.org", name="Bob Builder", groups=[])


@pytest.fixture(scope="session")
def provider() -> Iterator[ProviderHandle]:
    """The authentik-shaped provider (slug `paperless`), shared by the whole session."""
    with start_provider(slug="paperless", clients=[CLIENT], users=[ALICE, BOB]) as op:
        yield op


@pytest.fixture
def op(provider: ProviderHandle) -> Iterator[ProviderHandle]:
    """The provider, behaving, with no sessions, codes or events left from earlier tests; caches cleared."""
    provider.reset()
    for cache in (discovery, jwks, bearer):
        cache.clear_cache()
    yield provider
    provider.reset()


def app_json(op: ProviderHandle, provider_id: str = "authentik", name: str = "authentik",
             client: Client = CLIENT, **settings: Any) -> dict[str, Any]:
    """One `openid_connect.APPS` entry for the provider, as the guide writes it."""
    return {"provider_id": provider_id, "name": name, "client_id": client.client_id, "secret": client.client_secret,
            "settings": {"server_url": op.discovery_url, **settings}}


def providers_json(*apps: dict[str, Any], pkce: Any = True) -> dict[str, Any]:
    return {"openid_connect": {"APPS": list(apps), "OAUTH_PKCE_ENABLED": pkce}}


Configure = Callable[..., Any]


@pytest.fixture
def sso(op: ProviderHandle, settings: Any, db: Any) -> Configure:
    """Return `configure(apps=None, **auth_fields)`: point Paperkeep at the provider (one `authentik` app by
    default, AUTO_CREATE on) and override any other AuthConfig field; PAPERLESS_URL is PUBLIC."""
    settings.PUBLIC_ORIGIN = PUBLIC
    settings.PAPERLESS_URL = PUBLIC

    def configure(apps: list[dict[str, Any]] | None = None, pkce: Any = True, **fields: Any) -> Any:
        providers = providers_json(*(apps if apps is not None else [app_json(op)]), pkce=pkce)
        fields.setdefault("auto_create", True)
        auth = dataclasses.replace(settings.CONFIG.auth, socialaccount_providers=providers, **fields)
        settings.CONFIG = dataclasses.replace(settings.CONFIG, auth=auth)
        return auth

    configure()
    return configure


def start_login(client: Any, provider_id: str = "authentik", **query: str) -> str:
    """Press the provider's login button; return the authorization URL Paperkeep redirects to."""
    suffix = "?" + urlencode(query) if query else ""
    response = client.post(f"/accounts/oidc/{provider_id}/login/{suffix}")
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def local_path(url: str) -> str:
    """Turn an absolute Paperkeep URL (on PUBLIC) into the path + query the test client requests."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == PUBLIC, url
    return parts.path + ("?" + parts.query if parts.query else "")


def finish(client: Any, op: ProviderHandle, authorization_url: str, user: User) -> Any:
    """Sign the user in at the provider and follow the redirect back to Paperkeep's callback."""
    return client.get(local_path(op.authorize(authorization_url, user)))


def sign_in(client: Any, op: ProviderHandle, user: User, provider_id: str = "authentik", **query: str) -> Any:
    """The whole flow: button, provider sign-in, callback; return the callback's response."""
    return finish(client, op, start_login(client, provider_id, **query), user)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def error_code(response: Any) -> str | None:
    """The `sso.*` code shown on an SSO error page, if the response is one."""
    text = response.content.decode()
    marker = "Error code: <code>"
    if marker not in text:
        return None
    return text.split(marker, 1)[1].split("</code>", 1)[0]


def dumps(value: Any) -> str:
    return json.dumps(value)
