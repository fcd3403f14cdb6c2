"""Discovery problems and signing variants: issuer mismatch and an unreachable provider are explained; ES256
and an HS256-only provider (authentik without a signing key) work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.oidc_provider import Client, ProviderHandle, start_provider

from .conftest import ALICE, CALLBACK, Configure, app_json, error_code, sign_in

pytestmark = pytest.mark.django_db


def test_issuer_mismatch_is_explained(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN server_url naming the provider by another host name (localhost) than its issuer (127.0.0.1)
    WHEN the login button is pressed
    THEN the error page says the issuer does not match and what to set server_url to."""
    sso(apps=[app_json(op)])
    settings_app = app_json(op)
    settings_app["settings"]["server_url"] = op.discovery_url.replace("127.0.0.1", "localhost")
    sso(apps=[settings_app])
    response = client.post("/accounts/oidc/authentik/login/")
    assert error_code(response) == "sso.issuer_mismatch"
    assert op.issuer.rstrip("/") + "/.well-known/openid-configuration" in response.content.decode()


def test_unreachable_provider_is_explained(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN server_url on a port where nothing listens
    WHEN the login button is pressed
    THEN the error page says the provider could not be reached."""
    app = app_json(op)
    app["settings"]["server_url"] = "http://127.0.0.1:9/application/o/paperless/"
    sso(apps=[app])
    response = client.post("/accounts/oidc/authentik/login/")
    assert response.status_code == 502 and error_code(response) == "sso.discovery_failed"
    assert "Could not reach" in response.content.decode()


def test_es256_tokens_are_accepted(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a client whose tokens the provider signs with ES256
    WHEN alice signs in
    THEN she is signed in."""
    es = Client("paperkeep-es", "es-secret", redirect_uris=[CALLBACK], signing="ES256")
    op.add_client(es)
    sso(apps=[app_json(op, client=es)])
    assert sign_in(client, op, ALICE).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.fixture(scope="module")
def hs_provider() -> Iterator[tuple[ProviderHandle, Client]]:
    hs = Client("paperkeep-hs", "hs-secret-long-enough-for-hmac-sha256!", redirect_uris=[CALLBACK], signing="HS256")
    with start_provider(slug="paperless", clients=[hs], users=[ALICE]) as handle:
        yield handle, hs


def test_hs256_is_accepted_when_the_provider_signs_that_way(client: Any, sso: Configure,
                                                           hs_provider: tuple[ProviderHandle, Client]) -> None:
    """GIVEN a provider whose only client is HS256 (authentik with no signing key) and says so in discovery
    WHEN alice signs in
    THEN the token is checked with the client secret and she is signed in."""
    handle, hs = hs_provider
    sso(apps=[app_json(handle, client=hs)])
    assert sign_in(client, handle, ALICE).status_code == 302
    assert "_auth_user_id" in client.session


def test_hs256_with_the_wrong_secret_is_refused(client: Any, sso: Configure,
                                                hs_provider: tuple[ProviderHandle, Client]) -> None:
    """GIVEN the HS256 provider, but a secret configured in Paperkeep that differs
    WHEN alice signs in
    THEN the token endpoint refuses the client (it authenticates with the secret too)."""
    handle, hs = hs_provider
    app = app_json(handle, client=hs)
    app["secret"] = "another-secret-that-is-also-long-enough!"
    sso(apps=[app])
    response = sign_in(client, handle, ALICE)
    assert "_auth_user_id" not in client.session
    assert error_code(response) == "sso.token_endpoint"
