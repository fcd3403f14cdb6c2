"""The login page: a button per provider labelled with its name, the password form unless SSO-only, and
AUTO_LOGIN / REDIRECT_LOGIN_TO_SSO going straight to the provider except after logout and with ?local=1."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, app_json, error_code, finish

pytestmark = pytest.mark.django_db


def page(client: Any, url: str = "/accounts/login/") -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return str(response.content.decode())


def test_one_button_per_provider_labelled_with_its_name(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN two apps named "authentik" and "Company SSO"
    WHEN the login page is shown
    THEN it has two buttons with those labels, and the password form."""
    sso(apps=[app_json(op), app_json(op, provider_id="company", name="Company SSO")])
    text = page(client)
    assert text.count('class="sso-button"') == 2
    assert ">authentik</button>" in text and ">Company SSO</button>" in text
    assert 'name="password"' in text


def test_disable_regular_login_hides_the_form(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN PAPERLESS_DISABLE_REGULAR_LOGIN=true
    WHEN the login page is shown
    THEN there is no password field, only the provider button."""
    sso(disable_regular_login=True)
    text = page(client)
    assert 'name="password"' not in text and ">authentik</button>" in text


@pytest.mark.parametrize("flag", ["auto_login", "redirect_login_to_sso"])
def test_auto_login_goes_straight_to_the_provider(flag: str, client: Any, op: ProviderHandle,
                                                  sso: Configure) -> None:
    """GIVEN PAPERLESS_AUTO_LOGIN (or upstream's REDIRECT_LOGIN_TO_SSO)
    WHEN a visitor who is not signed in opens a page
    THEN the login URL redirects to the provider, and after signing in they land on the page they asked for."""
    sso(**{flag: True})
    to_login = client.get("/accounts/profile/")
    to_provider = client.get(to_login["Location"])
    assert to_provider["Location"].startswith(op.authorization_endpoint)
    landed = finish(client, op, to_provider["Location"], ALICE)
    assert landed["Location"] == "/accounts/profile/"


def test_auto_login_shows_the_page_right_after_logout(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN AUTO_LOGIN
    WHEN the login page is opened with ?loggedout=1 (where logout sends you)
    THEN the page is shown with a signed-out notice, not bounced to the provider."""
    sso(auto_login=True)
    text = page(client, "/accounts/login/?loggedout=1")
    assert "You have signed out" in text and ">authentik</button>" in text


def test_auto_login_break_glass_parameter_shows_the_page(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN AUTO_LOGIN
    WHEN the login page is opened with ?local=1
    THEN the page with the password form is shown."""
    sso(auto_login=True)
    assert 'name="password"' in page(client, "/accounts/login/?local=1")


def test_enable_allauth_false_switches_social_login_off(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN PAPERLESS_ENABLE_ALLAUTH=false with a provider configured and AUTO_LOGIN
    WHEN the login page and the provider's login URL are requested
    THEN there is no button, no redirect, and the provider URL answers 404 saying SSO is off or unknown."""
    sso(enable_allauth=False, auto_login=True)
    text = page(client)
    assert "sso-button" not in text and 'name="password"' in text
    response = client.post("/accounts/oidc/authentik/login/")
    assert response.status_code == 404 and error_code(response) == "sso.unknown_provider"


def test_password_sign_in_still_works_next_to_sso(client: Any, op: ProviderHandle, sso: Configure,
                                                  django_user_model: Any) -> None:
    """GIVEN a local user and SSO configured
    WHEN the user signs in with the form
    THEN they are signed in."""
    django_user_model.objects.create_user("local", "local@example.org", "a-good-password-1")
    response = client.post("/accounts/login/", {"login": "local", "password": "a-good-password-1"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_signed_in_visitor_is_sent_on(client: Any, op: ProviderHandle, sso: Configure, django_user_model: Any) -> None:
    """GIVEN a signed-in user
    WHEN they open the login page
    THEN they are redirected into the app."""
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    assert client.get("/accounts/login/").status_code == 302
