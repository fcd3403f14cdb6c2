"""Staff see recent SSO sign-in attempts: the outcome, the reason for a failure, and the claims received with
secrets masked."""

from __future__ import annotations

from typing import Any

import pytest

from paperkeep.accounts.attempts import MASK
from paperkeep.accounts.models import SsoAttempt
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, sign_in

pytestmark = pytest.mark.django_db


def test_a_refused_sign_in_is_recorded_with_its_reason(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the userinfo answer describing another subject
    WHEN alice signs in
    THEN one failed attempt is stored with the check's code and message, alice's subject, and what was received
    (the ID token's claims and the differing userinfo answer, nonce masked)."""
    with op.misbehaving(userinfo_sub_differs=True):
        sign_in(client, op, ALICE)
    attempt = SsoAttempt.objects.get()
    assert (attempt.outcome, attempt.code, attempt.provider_id) == ("failed", "sso.token.userinfo_sub_mismatch",
                                                                    "authentik")
    assert "another user" in attempt.message
    assert attempt.subject == ALICE.sub
    assert attempt.claims["email"] == ALICE.email and attempt.claims["nonce"] == MASK
    assert attempt.claims["userinfo.sub"] != ALICE.sub


def test_received_claims_are_kept_with_secrets_masked(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a successful sign-in
    WHEN its record is read
    THEN e-mail and groups are visible, nonce, at_hash and sid are masked."""
    sign_in(client, op, ALICE)
    attempt = SsoAttempt.objects.get()
    assert attempt.outcome == "ok" and attempt.user is not None
    assert attempt.claims["email"] == ALICE.email and attempt.claims["groups"] == ["readers"]
    for secret in ("nonce", "at_hash", "sid"):
        assert attempt.claims[secret] == MASK


def test_staff_see_the_attempts_page(client: Any, op: ProviderHandle, sso: Configure, django_user_model: Any) -> None:
    """GIVEN a failed attempt (expired token)
    WHEN a staff member opens the attempts page
    THEN it shows the code, the plain message and the claims."""
    with op.misbehaving(expired=True):
        sign_in(client, op, ALICE)
    client.force_login(django_user_model.objects.create_user("staffer", "s@example.org", "pw", is_staff=True))
    text = client.get("/accounts/sso/attempts/").content.decode()
    assert "sso.token.expired" in text and "expired" in text


def test_others_cannot_see_the_attempts_page(client: Any, op: ProviderHandle, sso: Configure,
                                             django_user_model: Any) -> None:
    """GIVEN an ordinary user
    WHEN they open the attempts page
    THEN they are sent to the login page instead."""
    client.force_login(django_user_model.objects.create_user("plain", "p@example.org", "pw"))
    response = client.get("/accounts/sso/attempts/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_only_the_newest_attempts_are_kept(client: Any, op: ProviderHandle, sso: Configure,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a limit of 3 records
    WHEN five attempts happen
    THEN only the newest three remain."""
    from paperkeep.accounts import attempts

    monkeypatch.setattr(attempts, "KEEP", 3)
    for _ in range(5):
        client.post("/accounts/oidc/nope/login/")
    assert SsoAttempt.objects.count() == 3
