"""An API client for the ingest endpoint tests: token auth, a chosen API version."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_client(user: Any, version: int | None = 10) -> APIClient:
    """Return a client authenticated as `user` with a token, asking for API `version`."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    if version is not None:
        headers["HTTP_ACCEPT"] = f"application/json; version={version}"
    client.credentials(**headers)
    return client
