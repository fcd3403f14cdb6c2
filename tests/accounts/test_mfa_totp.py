"""TOTP two-factor authentication: `/api/profile/totp/`, the My Profile set-up pages and the code step at sign-in.

Codes are computed from the secret with allauth's own HOTP function, as an authenticator app would."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from rest_framework.test import APIClient

from paperkeep.accounts import mfa

pytestmark = pytest.mark.django_db

PASSWORD = "a-decent-password-42"


def code_for(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now (`offset` periods away)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + offset))


def wrong_code(secret: str) -> str:
    """A 6-digit code that is not valid in any period of the tolerance window."""
    valid = {code_for(secret, i) for i in range(-2, 3)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@pytest.fixture
def user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("tom", "tom@example.org", PASSWORD)


@pytest.fixture
def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def enable_totp(user: Any) -> tuple[str, list[str]]:
    secret = mfa.start_setup(user).secret
    return secret, mfa.activate(None, user, secret, code_for(secret))


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- /api/profile/totp/ ---------------------------------------------------------------------------------------------

def test_api_get_returns_new_secret_url_and_qr(api: APIClient) -> None:
    """GIVEN a signed-in user
    WHEN GET /api/profile/totp/ twice
    THEN each answer has a base32 secret, an otpauth URL carrying it and an SVG QR code, and the secrets differ."""
    first, second = api.get("/api/profile/totp/"), api.get("/api/profile/totp/")
    assert first.status_code == 200
    body = first.json()
    assert set(body) == {"url", "qr_svg", "secret"}
    assert re.fullmatch(r"[A-Z2-7]+=*", body["secret"])
    assert body["url"].startswith("otpauth://totp/") and f"secret={body['secret']}" in body["url"]
    assert "<svg" in body["qr_svg"]
    assert second.json()["secret"] != body["secret"]


def test_api_requires_authentication() -> None:
    """GIVEN no credentials WHEN GET /api/profile/totp/ THEN 401."""
    assert APIClient().get("/api/profile/totp/").status_code == 401


def test_api_post_with_correct_code_activates_and_returns_recovery_codes(api: APIClient, user: Any) -> None:
    """GIVEN a secret from GET
    WHEN POST {secret, code} with the code computed from it
    THEN success is true, recovery codes come back, and the user has TOTP."""
    secret = api.get("/api/profile/totp/").json()["secret"]
    response = api.post("/api/profile/totp/", {"secret": secret, "code": code_for(secret)}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert len(body["recovery_codes"]) == app_settings.RECOVERY_CODE_COUNT
    assert has_totp(user)
    assert api.get("/api/profile/").json()["is_mfa_enabled"] is True


def test_api_post_with_wrong_code_does_not_activate(api: APIClient, user: Any) -> None:
    """GIVEN a secret from GET
    WHEN POST {secret, code} with a wrong code
    THEN success is false with no recovery codes (as Paperless-ngx) and TOTP stays off."""
    secret = api.get("/api/profile/totp/").json()["secret"]
    response = api.post("/api/profile/totp/", {"secret": secret, "code": wrong_code(secret)}, format="json")
    assert response.status_code == 200
    assert response.json() == {"success": False, "recovery_codes": None}
    assert not has_totp(user)


def test_api_post_without_code_is_400(api: APIClient) -> None:
    """GIVEN a secret WHEN POST without `code` THEN 400."""
    secret = api.get("/api/profile/totp/").json()["secret"]
    assert api.post("/api/profile/totp/", {"secret": secret}, format="json").status_code == 400


def test_api_post_with_malformed_secret_is_400(api: APIClient, user: Any) -> None:
    """GIVEN a secret that is not base32 WHEN POST it with a code THEN 400 and TOTP stays off."""
    response = api.post("/api/profile/totp/", {"secret": "not base32!", "code": "123456"}, format="json")
    assert response.status_code == 400
    assert not has_totp(user)


def test_api_post_when_already_active_is_400(api: APIClient, user: Any) -> None:
    """GIVEN a user with TOTP on WHEN POST a new secret with its correct code THEN 400, the old secret stays."""
    enable_totp(user)
    original = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = mfa.start_setup(user).secret
    response = api.post("/api/profile/totp/", {"secret": secret, "code": code_for(secret)}, format="json")
    assert response.status_code == 400
    assert list(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)) == [original]
    assert Authenticator.objects.get(pk=original.pk).data == original.data


def test_api_delete_deactivates(api: APIClient, user: Any) -> None:
    """GIVEN a user with TOTP and recovery codes WHEN DELETE /api/profile/totp/ THEN true, and both are gone."""
    enable_totp(user)
    response = api.delete("/api/profile/totp/")
    assert response.status_code == 200 and response.json() is True
    assert not Authenticator.objects.filter(user=user).exists()


def test_api_delete_without_totp_is_404(api: APIClient) -> None:
    """GIVEN a user without TOTP WHEN DELETE /api/profile/totp/ THEN 404 "TOTP not found"."""
    response = api.delete("/api/profile/totp/")
    assert response.status_code == 404
    assert response.json() == "TOTP not found"


def test_token_endpoint_then_needs_the_code(api: APIClient, user: Any) -> None:
    """GIVEN TOTP activated through the API
    WHEN /api/token/ is asked with the password only, then with a current code
    THEN the first is refused and the second gives a token."""
    secret = api.get("/api/profile/totp/").json()["secret"]
    api.post("/api/profile/totp/", {"secret": secret, "code": code_for(secret)}, format="json")
    anonymous = APIClient()
    assert anonymous.post("/api/token/", {"username": "tom", "password": PASSWORD}).status_code == 400
    ok = anonymous.post("/api/token/", {"username": "tom", "password": PASSWORD, "code": code_for(secret)})
    assert ok.status_code == 200 and ok.json()["token"]


# --- My Profile -----------------------------------------------------------------------------------------------------

@pytest.fixture
def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def setup_secret(page: Any) -> str:
    match = re.search(r'id="totp-secret">([A-Z2-7=]+)<', page.content.decode())
    assert match, "the set-up page shows the secret"
    return match.group(1)


def test_profile_offers_setup_when_off(browser: Client) -> None:
    """GIVEN a user without TOTP WHEN My Profile is shown THEN it says not set up and links to set-up."""
    page = browser.get("/accounts/profile/").content.decode()
    assert "Two-factor authentication" in page
    assert 'data-enabled="false"' in page and "/accounts/profile/2fa/setup/" in page


def test_setup_page_activates_and_shows_recovery_codes_once(browser: Client, user: Any) -> None:
    """GIVEN the set-up page with its QR code and secret
    WHEN the current code is posted
    THEN TOTP is on, the recovery codes page lists the codes once, and a second visit shows them no more."""
    page = browser.get("/accounts/profile/2fa/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    secret = setup_secret(page)
    assert setup_secret(browser.get("/accounts/profile/2fa/setup/")) == secret  # stable while setting up
    done = browser.post("/accounts/profile/2fa/setup/", {"code": code_for(secret)})
    assert done.status_code == 302 and done["Location"] == "/accounts/profile/2fa/recovery-codes/"
    assert has_totp(user)
    shown = browser.get(done["Location"]).content.decode()
    codes = re.findall(r"^\d{8}$", shown.split('id="recovery-codes">')[1].split("</pre>")[0], re.M)
    assert len(codes) == app_settings.RECOVERY_CODE_COUNT
    again = browser.get(done["Location"])
    assert again.status_code == 302 and again["Location"] == "/accounts/profile/"
    assert 'data-enabled="true"' in browser.get("/accounts/profile/").content.decode()


def test_setup_page_refuses_wrong_code(browser: Client, user: Any) -> None:
    """GIVEN the set-up page WHEN a wrong code is posted THEN 400 with an error, and TOTP stays off."""
    secret = setup_secret(browser.get("/accounts/profile/2fa/setup/"))
    response = browser.post("/accounts/profile/2fa/setup/", {"code": wrong_code(secret)})
    assert response.status_code == 400 and 'id="totp-error"' in response.content.decode()
    assert not has_totp(user)


def test_profile_deactivate(browser: Client, user: Any) -> None:
    """GIVEN a user with TOTP WHEN "Deactivate" is posted from My Profile THEN TOTP and recovery codes are gone."""
    enable_totp(user)
    assert 'data-enabled="true"' in browser.get("/accounts/profile/").content.decode()
    assert browser.post("/accounts/profile/2fa/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    assert 'data-enabled="false"' in browser.get("/accounts/profile/").content.decode()


def test_profile_new_recovery_codes_replace_old(browser: Client, user: Any) -> None:
    """GIVEN a user with TOTP and recovery codes WHEN new ones are asked for THEN they are shown and differ."""
    _, old = enable_totp(user)
    response = browser.post("/accounts/profile/2fa/recovery-codes/new/")
    shown = browser.get(response["Location"]).content.decode()
    new = re.findall(r"^\d{8}$", shown.split('id="recovery-codes">')[1].split("</pre>")[0], re.M)
    assert len(new) == len(old) and set(new) != set(old)


# --- sign-in --------------------------------------------------------------------------------------------------------

def sign_in(client: Client) -> Any:
    return client.post("/accounts/login/", {"login": "tom", "password": PASSWORD})


def test_signin_without_totp_needs_only_password(user: Any) -> None:
    """GIVEN a user without TOTP WHEN signing in with the password THEN the session exists at once."""
    client = Client()
    sign_in(client)
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_signin_of_totp_user_asks_for_code(user: Any) -> None:
    """GIVEN a TOTP user WHEN the password is right THEN the code step follows and no session exists yet."""
    enable_totp(user)
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_signin_wrong_code_refused_right_code_accepted(user: Any) -> None:
    """GIVEN a TOTP user at the code step
    WHEN a wrong code, then the current code, is entered
    THEN the first leaves them signed out and the second signs them in."""
    secret, _ = enable_totp(user)
    client = Client()
    sign_in(client)
    refused = client.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_signin_recovery_code_works_once(user: Any) -> None:
    """GIVEN a TOTP user with recovery codes
    WHEN signing in with a recovery code, signing out, and trying the same code again
    THEN the first sign-in succeeds and the second is refused."""
    _, codes = enable_totp(user)
    first = Client()
    sign_in(first)
    first.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert first.session.get("_auth_user_id") == str(user.pk)
    second = Client()
    sign_in(second)
    second.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert "_auth_user_id" not in second.session
