"""`POST /api/token/`: tokens for username and password, throttled (§2.10)."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api import factories


def test_token_for_valid_credentials(cast: factories.People) -> None:
    """GIVEN alice's password WHEN posting JSON to /api/token/ THEN her token comes back."""
    response = APIClient().post("/api/token/", {"username": "alice", "password": "password"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=cast.owner).key}


def test_token_accepts_form_data(cast: factories.People) -> None:
    """GIVEN a form-encoded request WHEN posting THEN the token comes back too."""
    response = APIClient().post("/api/token/", {"username": "alice", "password": "password"})
    assert len(response.json()["token"]) == 40


def test_token_refused_for_wrong_password(cast: factories.People) -> None:
    """GIVEN a wrong password WHEN posting THEN 400 with a non-field error."""
    response = APIClient().post("/api/token/", {"username": "alice", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_token_is_stable(cast: factories.People) -> None:
    """GIVEN two token requests WHEN both succeed THEN the same key is returned (one token per user)."""
    client = APIClient()
    first = client.post("/api/token/", {"username": "alice", "password": "password"}, format="json").json()
    second = client.post("/api/token/", {"username": "alice", "password": "password"}, format="json").json()
    assert first == second


def test_token_endpoint_is_throttled(cast: factories.People) -> None:
    """GIVEN the throttle rate of 5/min WHEN posting six times THEN the sixth answer is 429."""
    client = APIClient()
    codes = [
        client.post("/api/token/", {"username": "alice", "password": "nope"}, format="json").status_code
        for _ in range(6)
    ]
    assert codes == [400] * 5 + [429]


def test_token_authenticates_requests(cast: factories.People) -> None:
    """GIVEN a token from /api/token/ WHEN sent as `Authorization: Token <key>` THEN requests are authenticated."""
    key = APIClient().post("/api/token/", {"username": "alice", "password": "password"}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key['token']}")
    assert client.get("/api/tags/").status_code == 200
