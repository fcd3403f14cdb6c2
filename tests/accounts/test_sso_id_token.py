"""ID tokens are checked as the OpenID Connect RP certification requires: every misbehaviour of the provider
ends on an error page naming the failed check, and nobody is signed in."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from paperkeep.accounts.oidc import jwks
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, error_code, local_path, query_of, sign_in, start_login

pytestmark = pytest.mark.django_db

REJECTIONS = {
    "wrong_iss": "sso.token.wrong_issuer",
    "wrong_aud": "sso.token.wrong_audience",
    "wrong_azp": "sso.token.wrong_azp",
    "bad_signature": "sso.token.bad_signature",
    "alg_none": "sso.token.alg_none",
    "alg_confusion": "sso.token.alg_not_allowed",
    "unexpected_hs256": "sso.token.alg_not_allowed",
    "unknown_kid": "sso.token.unknown_key",
    "expired": "sso.token.expired",
    "iat_in_future": "sso.token.issued_in_future",
    "wrong_nonce": "sso.token.nonce_mismatch",
    "missing_nonce": "sso.token.nonce_missing",
    "missing_sub": "sso.token.sub_missing",
    "userinfo_sub_differs": "sso.token.userinfo_sub_mismatch",
    "missing_id_token": "sso.token.id_token_missing",
}


def assert_refused(response: Any, client: Any, code: str) -> None:
    assert response.status_code in (400, 403), response.content.decode()[:500]
    assert error_code(response) == code
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email=ALICE.email).exists()


@pytest.mark.parametrize("switch", sorted(REJECTIONS))
def test_misbehaving_provider_is_refused(switch: str, client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the provider misbehaving in one way
    WHEN alice signs in
    THEN Paperkeep shows an error page with the check's code and signs nobody in."""
    with op.misbehaving(**{switch: True}):
        response = sign_in(client, op, ALICE)
    assert_refused(response, client, REJECTIONS[switch])


def test_the_same_provider_behaving_signs_in(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the provider behaving (the control for every refusal above)
    WHEN alice signs in
    THEN she is signed in."""
    assert sign_in(client, op, ALICE).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(("skew", "accepted"), [(30, True), (-30, True), (600, False), (-900, False)])
def test_clock_skew_is_tolerated_only_a_little(skew: int, accepted: bool, client: Any, op: ProviderHandle,
                                               sso: Configure) -> None:
    """GIVEN the provider's clock off by `skew` seconds (tolerance 60 s)
    WHEN alice signs in
    THEN half a minute either way is accepted, ten or fifteen minutes is not."""
    with op.misbehaving(clock_skew=skew):
        response = sign_in(client, op, ALICE)
    assert ("_auth_user_id" in client.session) is accepted
    if not accepted:
        assert error_code(response) in ("sso.token.issued_in_future", "sso.token.expired")


def test_unknown_kid_refetches_the_keys_exactly_once(client: Any, op: ProviderHandle, sso: Configure,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN the keys cached from an earlier sign-in and a token signed with a key the JWKS never lists
    WHEN alice signs in
    THEN Paperkeep refetches the JWKS once (not in a loop) and refuses."""
    monkeypatch.setattr(jwks, "REFETCH_INTERVAL", 0.0)
    sign_in(client, op, ALICE)
    client.logout()
    before = op.jwks_fetches
    with op.misbehaving(unknown_kid=True):
        response = sign_in(client, op, ALICE)
    assert error_code(response) == "sso.token.unknown_key"
    assert op.jwks_fetches - before == 1


def test_rotated_keys_are_fetched_and_accepted(client: Any, op: ProviderHandle, sso: Configure,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN keys cached from an earlier sign-in, then the provider rotating to new keys
    WHEN alice signs in again
    THEN the new kid triggers one refetch and the sign-in succeeds."""
    monkeypatch.setattr(jwks, "REFETCH_INTERVAL", 0.0)
    sign_in(client, op, ALICE)
    client.logout()
    op.rotate_keys()
    assert sign_in(client, op, ALICE).status_code == 302
    assert "_auth_user_id" in client.session


def test_a_replayed_callback_is_refused(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice's callback URL (code and state) already used once
    WHEN the same callback is requested again (replay)
    THEN it is refused as a state mismatch and the second use does not sign in again."""
    location = op.authorize(start_login(client), ALICE)
    client.get(local_path(location))
    client.logout()
    replay = client.get(local_path(location))
    assert error_code(replay) == "sso.state_mismatch"
    assert "_auth_user_id" not in client.session


def test_a_replayed_code_is_refused_by_the_provider(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a code already redeemed, sent back with a fresh, valid state (the code was stolen and replayed)
    WHEN the callback redeems it
    THEN the provider's invalid_grant is shown as a refusal, and nobody is signed in."""
    first = op.authorize(start_login(client), ALICE)
    client.get(local_path(first))
    client.logout()
    fresh_state = query_of(start_login(client))["state"]
    code = query_of(first)["code"]
    replay = client.get(f"/accounts/oidc/authentik/login/callback/?code={code}&state={fresh_state}")
    assert error_code(replay) == "sso.token_endpoint"
    assert "_auth_user_id" not in client.session


def test_a_state_from_another_browser_is_refused(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the provider answering with a state this browser never sent
    WHEN the callback arrives
    THEN it is refused (state mismatch), before any code is redeemed."""
    with op.misbehaving(wrong_state=True):
        response = sign_in(client, op, ALICE)
    assert error_code(response) == "sso.state_mismatch"
    assert not [e for e in op.login_events if e.endpoint == "token"]


def test_userinfo_failure_is_reported(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the userinfo endpoint answering 401
    WHEN alice signs in
    THEN the error page says the userinfo endpoint failed."""
    with op.misbehaving(userinfo_fails=True):
        response = sign_in(client, op, ALICE)
    assert error_code(response) == "sso.userinfo_failed"
    assert "userinfo" in response.content.decode()


def test_expired_error_page_explains_in_plain_words(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN an expired ID token
    WHEN the error page is shown
    THEN it says the token expired and that the clocks may disagree."""
    with op.misbehaving(expired=True):
        text = sign_in(client, op, ALICE).content.decode()
    assert "expired" in text and "clocks" in text
