"""What the callback does with a provider's refusal, a missing code, an unsafe `next`, and a provider sign-in
that was never finished here."""

from __future__ import annotations

from typing import Any

import pytest

from paperkeep.accounts.models import SsoSession
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, error_code, finish, query_of, sign_in, start_login

pytestmark = pytest.mark.django_db
CALLBACK_PATH = "/accounts/oidc/authentik/login/callback/"


def test_access_denied_says_so(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a sign-in started here
    WHEN the provider sends the browser back with error=access_denied
    THEN the page says the provider did not let you in (not a generic failure)."""
    state = query_of(start_login(client))["state"]
    response = client.get(f"{CALLBACK_PATH}?error=access_denied&state={state}")
    assert error_code(response) == "sso.access_denied"
    assert "did not let you sign in" in response.content.decode()


def test_a_callback_without_code_is_refused(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a sign-in started here
    WHEN the browser comes back with a state but no code
    THEN the page says no sign-in code came back."""
    state = query_of(start_login(client))["state"]
    assert error_code(client.get(f"{CALLBACK_PATH}?state={state}")) == "sso.no_code"


def test_an_unknown_provider_is_a_404_page(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN no provider called "nope"
    WHEN its callback is requested
    THEN a 404 page says there is no such provider."""
    response = client.get("/accounts/oidc/nope/login/callback/?code=x&state=y")
    assert response.status_code == 404 and error_code(response) == "sso.unknown_provider"


def test_next_pointing_elsewhere_is_not_followed(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a login link with next=https://evil.example/
    WHEN alice signs in through it
    THEN she lands in Paperkeep, not on the other site."""
    response = finish(client, op, start_login(client, next="https://evil.example/"), ALICE)
    assert response["Location"] == "/"


def test_next_inside_paperkeep_is_followed(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN a login link with next=/accounts/profile/
    WHEN alice signs in through it
    THEN she lands on her profile."""
    assert sign_in(client, op, ALICE, next="/accounts/profile/")["Location"] == "/accounts/profile/"


def test_an_unfinished_provider_sign_in_does_not_stick_to_a_password_login(client: Any, op: ProviderHandle,
                                                                           sso: Configure,
                                                                           django_user_model: Any) -> None:
    """GIVEN alice's provider sign-in stopped at the sign-up form (never finished), then bob signs in with a
    password in the same browser
    WHEN bob's session is inspected
    THEN it is not recorded as an SSO session (logout will not send alice's ID token anywhere)."""
    sso(auto_create=False)
    sign_in(client, op, ALICE)
    django_user_model.objects.create_user("bob", "bob@example.org", "bobs-password-1")
    client.post("/accounts/login/", {"login": "bob", "password": "bobs-password-1"})
    assert "_auth_user_id" in client.session
    assert "paperkeep_sso" not in client.session and not SsoSession.objects.exists()
