"""Personal API tokens: named, expiring, revocable, useless once the user is deactivated; secret shown once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from paperkeep.accounts import tokens
from paperkeep.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("tom", "tom@example.org", "pw")


def as_token(secret: str, keyword: str = "Token") -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return api


def test_created_token_authenticates_the_api(user: Any) -> None:
    """GIVEN a token created through /api/auth/tokens/
    WHEN the API is called with `Token <secret>` and with `Bearer <secret>`
    THEN both are the token's user."""
    api = APIClient()
    api.force_authenticate(user)
    created = api.post("/api/auth/tokens/", {"name": "scanner"}, format="json")
    assert created.status_code == 201
    secret = created.json()["token"]
    for keyword in ("Token", "Bearer"):
        response = as_token(secret, keyword).get("/api/profile/")
        assert response.status_code == 200 and response.json()["email"] == "tom@example.org"


def test_only_a_hash_is_stored_and_listing_shows_no_secret(user: Any) -> None:
    """GIVEN a token
    WHEN the database row and the token list are inspected
    THEN neither contains the secret."""
    issued = tokens.create_token(user, "backup")
    row = ApiToken.objects.get()
    assert issued.secret not in (row.digest, row.prefix)
    api = APIClient()
    api.force_authenticate(user)
    listed = api.get("/api/auth/tokens/").json()
    assert listed[0]["name"] == "backup" and issued.secret not in str(listed)


def test_expired_token_is_refused(user: Any) -> None:
    """GIVEN a token whose expiry has passed
    WHEN it is used
    THEN 401, saying it expired."""
    issued = tokens.create_token(user, "old", timezone.now() + timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = as_token(issued.secret).get("/api/profile/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_revoked_token_is_refused(user: Any) -> None:
    """GIVEN a token revoked through DELETE /api/auth/tokens/<id>/
    WHEN it is used
    THEN 401."""
    issued = tokens.create_token(user, "laptop")
    api = APIClient()
    api.force_authenticate(user)
    assert api.delete(f"/api/auth/tokens/{issued.token.pk}/").status_code == 204
    assert as_token(issued.secret).get("/api/profile/").status_code == 401


def test_token_of_a_deactivated_user_is_refused(user: Any) -> None:
    """GIVEN a token, then its user deactivated
    WHEN it is used
    THEN 401."""
    issued = tokens.create_token(user, "cron")
    user.is_active = False
    user.save()
    assert as_token(issued.secret).get("/api/profile/").status_code == 401


def test_a_forged_secret_with_a_real_prefix_is_refused(user: Any) -> None:
    """GIVEN a real token's prefix with another random part
    WHEN it is used
    THEN 401."""
    issued = tokens.create_token(user, "real")
    forged = issued.secret.rsplit("_", 1)[0] + "_" + "A" * 43
    assert as_token(forged).get("/api/profile/").status_code == 401


def test_paperless_tokens_still_work(user: Any) -> None:
    """GIVEN Paperless-ngx's classic token (40 hex characters)
    WHEN it is used
    THEN the API accepts it (personal tokens do not get in its way)."""
    key = Token.objects.create(user=user).key
    assert as_token(key).get("/api/profile/").status_code == 200


def test_profile_page_creates_a_token_and_shows_it_once(client: Any, user: Any) -> None:
    """GIVEN My Profile
    WHEN a token named "phone" is created with a 30-day expiry
    THEN the next page shows its secret once, and the one after does not."""
    client.force_login(user)
    client.post("/accounts/profile/tokens/", {"name": "phone", "expires_in_days": "30"})
    first = client.get("/accounts/profile/").content.decode()
    secret = first.split('<code id="new-token">', 1)[1].split("</code>", 1)[0]
    assert secret.startswith("pkt_") and "phone" in first
    assert secret not in client.get("/accounts/profile/").content.decode()
    assert ApiToken.objects.get().expires_at is not None


def test_a_token_needs_a_name(user: Any) -> None:
    """GIVEN an empty name
    WHEN a token is requested
    THEN 400."""
    api = APIClient()
    api.force_authenticate(user)
    assert api.post("/api/auth/tokens/", {"name": " "}, format="json").status_code == 400
