"""Fixtures for the REST API tests: the cast of users, and API clients speaking a given version."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api import factories

ClientFor = Callable[..., APIClient]


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def cast(db: None) -> factories.People:
    return factories.people()


@pytest.fixture
def client_for(db: None) -> ClientFor:
    """Return an API client authenticated as `user` with a token, asking for API `version`."""

    def make(user: User, version: int | None = 10) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
        if version is not None:
            headers["HTTP_ACCEPT"] = f"application/json; version={version}"
        client.credentials(**headers)
        return client

    return make
