"""Fixtures for the web page tests: the cast of users (tests.api.factories) and signed-in browsers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api import factories
from tests.conftest import Dirs

BrowserFor = Callable[..., Client]


@pytest.fixture
def cast(db: None, paperkeep_dirs: Dirs) -> factories.People:
    """An owner, a granted user, a group member, a stranger and a superuser, in private media folders."""
    return factories.people()


@pytest.fixture
def browser_for(db: None) -> BrowserFor:
    """Return a test client signed in as `user` (with `csrf=True`, one that enforces CSRF like a browser)."""

    def make(user: Any, *, csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf)
        client.force_login(user)
        return client

    return make


def text_of(response: Any) -> str:
    return response.content.decode()


def index_all() -> None:
    """Bring every document into this test's search index (factories write rows without the indexing seam)."""
    from paperkeep.documents import search as documents_search
    from paperkeep.documents.models import Document

    assert documents_search.sync(Document.global_objects.values_list("pk", flat=True))
