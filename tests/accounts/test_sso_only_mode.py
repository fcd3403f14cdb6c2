"""SSO-only mode (PAPERLESS_DISABLE_REGULAR_LOGIN=true) closes password sign-in everywhere — the form,
/api/token/, HTTP Basic and /admin — except for the break-glass admin PAPERLESS_SSO_BREAK_GLASS_USER names."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.support.oidc_provider import ProviderHandle

from .conftest import Configure

pytestmark = pytest.mark.django_db
PASSWORD = "a-strong-local-password-1"


@pytest.fixture
def people(django_user_model: Any) -> dict[str, Any]:
    return {
        "alice": django_user_model.objects.create_user("alice", "alice@example.org", PASSWORD),
        "admin": django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD),
    }


@pytest.fixture
def sso_only(sso: Configure, people: dict[str, Any]) -> Configure:
    sso(disable_regular_login=True, break_glass_user="admin")
    return sso


def form_login(client: Any, username: str, local: bool = False) -> Any:
    return client.post("/accounts/login/" + ("?local=1" if local else ""), {"login": username, "password": PASSWORD})


def basic(username: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()}


def test_form_refuses_a_password(client: Any, op: ProviderHandle, sso_only: Configure) -> None:
    """GIVEN SSO-only mode
    WHEN alice posts her correct password to the login form
    THEN she is not signed in and the page says password sign-in is off."""
    response = form_login(client, "alice")
    assert "_auth_user_id" not in client.session
    assert "switched off" in response.content.decode()


def test_token_endpoint_refuses_a_password(client: Any, op: ProviderHandle, sso_only: Configure) -> None:
    """GIVEN SSO-only mode
    WHEN alice asks /api/token/ for a token with her correct password
    THEN no token is issued."""
    response = client.post("/api/token/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 400 and "token" not in response.json()


def test_basic_auth_refuses_a_password(client: Any, op: ProviderHandle, sso_only: Configure) -> None:
    """GIVEN SSO-only mode
    WHEN alice calls the API with HTTP Basic and her correct password
    THEN the API answers 401."""
    assert client.get("/api/profile/", **basic("alice")).status_code == 401


def test_admin_site_refuses_a_password(client: Any, op: ProviderHandle, sso_only: Configure,
                                       people: dict[str, Any]) -> None:
    """GIVEN SSO-only mode and alice made staff
    WHEN she signs in to /admin/ with her password
    THEN she is not signed in."""
    people["alice"].is_staff = True
    people["alice"].save()
    client.post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_break_glass_admin_signs_in_with_the_form(client: Any, op: ProviderHandle, sso_only: Configure) -> None:
    """GIVEN SSO-only mode with PAPERLESS_SSO_BREAK_GLASS_USER=admin
    WHEN the page is opened with ?local=1 and admin signs in
    THEN the form is there and admin is signed in."""
    assert 'name="password"' in client.get("/accounts/login/?local=1").content.decode()
    form_login(client, "admin", local=True)
    assert "_auth_user_id" in client.session


def test_break_glass_form_needs_the_parameter(client: Any, op: ProviderHandle, sso_only: Configure) -> None:
    """GIVEN SSO-only mode with a break-glass admin
    WHEN the login page is opened without ?local=1
    THEN no password form is shown."""
    assert 'name="password"' not in client.get("/accounts/login/").content.decode()


def test_break_glass_admin_uses_token_basic_and_admin(client: Any, op: ProviderHandle, sso_only: Configure) -> None:
    """GIVEN SSO-only mode with a break-glass admin
    WHEN admin uses /api/token/, HTTP Basic and /admin/ with the password
    THEN each works."""
    assert "token" in client.post("/api/token/", {"username": "admin", "password": PASSWORD}).json()
    assert client.get("/api/profile/", **basic("admin")).status_code == 200
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_without_sso_only_mode_passwords_work(client: Any, op: ProviderHandle, sso: Configure,
                                              people: dict[str, Any]) -> None:
    """GIVEN DISABLE_REGULAR_LOGIN off (the control)
    WHEN alice uses /api/token/ and Basic
    THEN both work."""
    assert "token" in client.post("/api/token/", {"username": "alice", "password": PASSWORD}).json()
    assert client.get("/api/profile/", **basic("alice")).status_code == 200
