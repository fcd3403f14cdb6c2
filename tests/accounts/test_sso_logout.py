"""Logout: POST ends the session; PAPERLESS_LOGOUT_REDIRECT_URL is followed, and when it is the provider's
end-session endpoint the logout is RP-initiated (id_token_hint, post_logout_redirect_uri, state)."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

from paperkeep.accounts.models import SsoSession
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, LOGGED_OUT, Configure, local_path, query_of, sign_in

pytestmark = pytest.mark.django_db


def test_logout_needs_a_post(client: Any, op: ProviderHandle, sso: Configure, django_user_model: Any) -> None:
    """GIVEN a signed-in user
    WHEN /accounts/logout/ is opened with GET
    THEN a confirmation page is shown and the user is still signed in."""
    client.force_login(django_user_model.objects.create_user("u", "u@example.org", "pw"))
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and "Sign out" in page.content.decode()
    assert "_auth_user_id" in client.session


def test_local_logout_goes_to_the_login_page(client: Any, op: ProviderHandle, sso: Configure,
                                             django_user_model: Any) -> None:
    """GIVEN no LOGOUT_REDIRECT_URL and a password session
    WHEN the user signs out
    THEN the session ends and the browser goes to the login page with ?loggedout=1."""
    client.force_login(django_user_model.objects.create_user("u", "u@example.org", "pw"))
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/?loggedout=1"
    assert "_auth_user_id" not in client.session


def test_sso_logout_is_rp_initiated_at_the_end_session_endpoint(client: Any, op: ProviderHandle,
                                                                sso: Configure) -> None:
    """GIVEN LOGOUT_REDIRECT_URL = the provider's end-session endpoint and alice signed in by SSO
    WHEN she signs out
    THEN the browser goes there with her ID token as id_token_hint, our post-logout URI and a state."""
    sso(logout_redirect_url=op.end_session_endpoint)
    sign_in(client, op, ALICE)
    location = client.post("/accounts/logout/")["Location"]
    assert location.startswith(op.end_session_endpoint + "?")
    params = query_of(location)
    hint = jwt.decode(params["id_token_hint"], options={"verify_signature": False})
    assert (hint["sub"], hint["aud"]) == (ALICE.sub, "paperkeep")
    assert params["post_logout_redirect_uri"] == LOGGED_OUT
    assert len(params["state"]) >= 16
    assert "_auth_user_id" not in client.session


def test_provider_ends_its_session_and_sends_the_browser_back(client: Any, op: ProviderHandle,
                                                              sso: Configure) -> None:
    """GIVEN the RP-initiated logout redirect
    WHEN the browser follows it to the provider
    THEN the provider accepts the hint, ends its session, and returns to the login page with our state,
    which the page recognises."""
    sso(logout_redirect_url=op.end_session_endpoint, auto_login=True)
    sign_in(client, op, ALICE)
    location = client.post("/accounts/logout/")["Location"]
    back = requests.get(location, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    event = op.logout_events[-1]
    assert (event.endpoint, event.outcome) == ("end-session", "ok")
    assert query_of(back.headers["Location"])["state"] == query_of(location)["state"]
    page = client.get(local_path(back.headers["Location"]))
    assert page.status_code == 200
    assert "here and at your identity provider" in page.content.decode()


def test_another_logout_url_is_followed_plainly(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN LOGOUT_REDIRECT_URL=https://intranet.example/bye
    WHEN an SSO user signs out
    THEN the browser goes exactly there (no tokens appended)."""
    sso(logout_redirect_url="https://intranet.example/bye")
    sign_in(client, op, ALICE)
    assert client.post("/accounts/logout/")["Location"] == "https://intranet.example/bye"


def test_a_password_session_is_not_sent_to_the_provider(client: Any, op: ProviderHandle, sso: Configure,
                                                        django_user_model: Any) -> None:
    """GIVEN LOGOUT_REDIRECT_URL = the end-session endpoint, and a user who signed in with a password
    WHEN they sign out
    THEN they go to the local login page (there is no provider session to end)."""
    sso(logout_redirect_url=op.end_session_endpoint)
    client.force_login(django_user_model.objects.create_user("u", "u@example.org", "pw"))
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/?loggedout=1"


def test_logout_forgets_the_sso_session_record(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice signed in by SSO (her session recorded for back-channel logout)
    WHEN she signs out
    THEN the record is gone."""
    sign_in(client, op, ALICE)
    assert SsoSession.objects.count() == 1
    client.post("/accounts/logout/")
    assert SsoSession.objects.count() == 0
