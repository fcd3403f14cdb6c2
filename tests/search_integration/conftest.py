"""Fixtures for search through Django: a fresh data folder (so a fresh index) per test, the cast of users,
and documents that reach the index the way ingest puts them there (the indexing seam, after the commit)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from rest_framework.test import APIClient

from paperkeep.documents import indexing
from paperkeep.documents import search as documents_search
from paperkeep.documents.models import Document
from tests.api import factories
from tests.api.conftest import ClientFor, client_for  # noqa: F401 (fixture)
from tests.conftest import Dirs

MakeDocument = Callable[..., Document]


@pytest.fixture(autouse=True)
def _fresh_index(paperkeep_dirs: Dirs, transactional_db: None) -> Iterator[None]:
    """Each test gets its own data folder, hence its own index (built, as the worker's first start builds it),
    and real commits (so the seam runs)."""
    cache.clear()
    documents_search.handle.close()
    documents_search.rebuild()
    yield
    documents_search.handle.close()


@pytest.fixture
def cast(transactional_db: None) -> factories.People:
    return factories.people()


@pytest.fixture
def make_document() -> MakeDocument:
    """Return `make(**fields)`: a committed document, then indexed through the seam as the ingest step does."""

    def make(**fields: Any) -> Document:
        with transaction.atomic():
            document = factories.document(**fields)
            indexing.schedule_index([document.pk])
        return document

    return make


def search(client: APIClient, **params: Any) -> dict[str, Any]:
    """GET /api/documents/ with these parameters; assert 200 and return the body."""
    response = client.get("/api/documents/", params)
    assert response.status_code == 200, response.content
    return dict(response.json())


def ids_of(body: dict[str, Any]) -> list[int]:
    return [row["id"] for row in body["results"]]


def ok(response: Any) -> bool:
    """Return True for a 2xx answer; otherwise fail with the body."""
    assert 200 <= response.status_code < 300, (response.status_code, response.content)
    return True
