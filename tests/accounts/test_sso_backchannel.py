"""Back-channel logout (OpenID Connect Back-Channel Logout 1.0): a valid logout token from the provider ends
that user's (or that provider session's) Paperkeep sessions; anything else is refused with 400."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as DjangoClient

from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, BOB, CLIENT, Configure, sign_in

pytestmark = pytest.mark.django_db
ENDPOINT = "/accounts/oidc/authentik/backchannel-logout/"
NOWHERE = "http://127.0.0.1:9/"  # the provider's own delivery fails; the test client delivers the token


def logout_token(op: ProviderHandle, user: Any = ALICE, **kwargs: Any) -> str:
    result = op.send_backchannel_logout(user, CLIENT, uri=NOWHERE, **kwargs)
    assert result.logout_token, result
    return result.logout_token


def deliver(token: str) -> Any:
    return DjangoClient().post(ENDPOINT, {"logout_token": token})


def signed_in(client: Any) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def test_logout_token_ends_the_users_session(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice signed in by SSO
    WHEN the provider's logout token for her session arrives
    THEN the endpoint answers 200 (no-store) and her Paperkeep session is over."""
    sign_in(client, op, ALICE)
    assert signed_in(client)
    response = deliver(logout_token(op))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert not signed_in(client)


def test_sid_alone_ends_that_session(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice signed in by SSO
    WHEN a logout token naming only her provider session (sid, no sub) arrives
    THEN her session is over."""
    sign_in(client, op, ALICE)
    assert deliver(logout_token(op, include_sub=False)).status_code == 200
    assert not signed_in(client)


def test_another_users_token_leaves_the_session(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice signed in by SSO, and bob signed in at the provider
    WHEN a logout token for bob arrives
    THEN alice is still signed in."""
    sign_in(client, op, ALICE)
    sign_in(DjangoClient(), op, BOB)
    assert deliver(logout_token(op, BOB)).status_code == 200
    assert signed_in(client)


@pytest.mark.parametrize("switch", ["bad_signature", "wrong_aud", "wrong_iss", "alg_none", "logout_token_nonce",
                                    "logout_token_no_events"])
def test_bad_logout_tokens_are_refused(switch: str, client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice signed in by SSO and a logout token broken in one way
    WHEN it arrives
    THEN the endpoint answers 400 and alice is still signed in."""
    sign_in(client, op, ALICE)
    with op.misbehaving(**{switch: True}):
        token = logout_token(op)
    response = deliver(token)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert signed_in(client)


def test_missing_logout_token_is_refused(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a POST without logout_token
    WHEN it arrives
    THEN 400."""
    assert DjangoClient().post(ENDPOINT, {}).status_code == 400
