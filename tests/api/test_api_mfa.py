"""MFA and the API: Basic auth refused for MFA users, `/api/token/` wants the TOTP code (§2.10, §2.12)."""

from __future__ import annotations

import base64

from allauth.mfa.totp.internal import auth as totp
from rest_framework.test import APIClient

from tests.api import factories

SECRET = "JBSWY3DPEHPK3PXP"


def _enable_totp(user) -> None:  # type: ignore[no-untyped-def]
    totp.TOTP.activate(user, SECRET)


def _current_code() -> str:
    counter = next(totp.yield_hotp_counters_from_time())
    return totp.format_hotp_value(totp.hotp_value(SECRET, counter))


def test_basic_auth_is_refused_with_mfa(cast: factories.People) -> None:
    """GIVEN alice with TOTP WHEN she uses Basic auth THEN 401 "MFA required"."""
    _enable_totp(cast.owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"alice:password").decode())
    response = client.get("/api/tags/")
    assert response.status_code == 401
    assert response.json() == {"detail": "MFA required"}


def test_token_needs_the_code(cast: factories.People) -> None:
    """GIVEN alice with TOTP WHEN she asks a token without a code THEN 400 "MFA code is required"."""
    _enable_totp(cast.owner)
    response = APIClient().post("/api/token/", {"username": "alice", "password": "password"}, format="json")
    assert response.json() == {"non_field_errors": ["MFA code is required"]}


def test_token_refuses_a_wrong_code(cast: factories.People) -> None:
    """GIVEN alice with TOTP WHEN she sends a wrong code THEN 400 "Invalid MFA code"."""
    _enable_totp(cast.owner)
    wrong = "000000" if _current_code() != "000000" else "111111"
    response = APIClient().post(
        "/api/token/", {"username": "alice", "password": "password", "code": wrong}, format="json"
    )
    assert response.json() == {"non_field_errors": ["Invalid MFA code"]}


def test_token_with_the_right_code(cast: factories.People) -> None:
    """GIVEN alice with TOTP WHEN she sends the current code THEN her token."""
    _enable_totp(cast.owner)
    response = APIClient().post(
        "/api/token/", {"username": "alice", "password": "password", "code": _current_code()}, format="json"
    )
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


def test_profile_reports_mfa(cast: factories.People) -> None:
    """GIVEN alice with TOTP WHEN she reads her profile THEN is_mfa_enabled is true."""
    _enable_totp(cast.owner)
    client = APIClient()
    client.force_authenticate(cast.owner)
    assert client.get("/api/profile/").json()["is_mfa_enabled"] is True


def test_admin_deactivates_a_users_totp(cast: factories.People) -> None:
    """GIVEN alice with TOTP WHEN root deactivates it THEN true, and Basic auth works for her again."""
    _enable_totp(cast.owner)
    admin = APIClient()
    admin.force_authenticate(cast.admin)
    assert admin.post(f"/api/users/{cast.owner.pk}/deactivate_totp/").json() is True
    assert admin.post(f"/api/users/{cast.owner.pk}/deactivate_totp/").status_code == 404
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"alice:password").decode())
    assert client.get("/api/tags/").status_code == 200
