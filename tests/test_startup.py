"""What the web worker does before serving: statistics for SQLite's query planner."""

from __future__ import annotations

import pytest
from django.db import connection

from paperkeep.documents.models import Document
from paperkeep.startup import refresh_sqlite_statistics
from tests.api import factories


def _estimate() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name='sqlite_stat1'")
        if not cursor.fetchone():
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl='documents_document' LIMIT 1")
        row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


@pytest.mark.django_db
def test_statistics_follow_the_size_of_the_library() -> None:
    """
    GIVEN a library that grows from a handful of documents to a few hundred, and then to over twice that
    WHEN Paperkeep prepares to serve each time
    THEN SQLite's statistics are left alone for a tiny library, made once it has size, and refreshed after it doubled
    """
    owner = factories.user("stats-owner")
    for i in range(10):
        factories.document(owner=owner, title=f"small {i}")
    refresh_sqlite_statistics()
    assert _estimate() is None
    for i in range(150):
        factories.document(owner=owner, title=f"grown {i}")
    refresh_sqlite_statistics()
    assert _estimate() == Document.objects.count() == 160
    for i in range(200):
        factories.document(owner=owner, title=f"doubled {i}")
    refresh_sqlite_statistics()
    assert _estimate() == 360
