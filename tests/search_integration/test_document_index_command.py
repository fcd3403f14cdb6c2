"""`document_index reindex|optimize`, as in Paperless-ngx."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import transaction

from paperkeep.documents import search as documents_search
from tests.api import factories
from tests.search_integration.conftest import ClientFor, ids_of, search


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("document_index", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_reindex_rebuilds_the_index_from_the_database(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN two documents whose rows never reached the index
    WHEN `document_index reindex --no-progress-bar` runs
    THEN it reports two documents and both are found."""
    with transaction.atomic():
        first = factories.document(owner=cast.owner, title="Kayak rental")
        second = factories.document(owner=cast.owner, title="Kayak insurance")
    assert "Indexed 2 documents" in _run("reindex", "--no-progress-bar")
    assert sorted(ids_of(search(client_for(cast.owner), query="kayak"))) == [first.pk, second.pk]


def test_reindex_if_needed_leaves_a_current_index_alone(cast: factories.People) -> None:
    """GIVEN a built index and a document row it does not hold
    WHEN `document_index reindex --if-needed` runs
    THEN it says there is nothing to do and the index still lacks the document."""
    with transaction.atomic():
        factories.document(owner=cast.owner, title="Kayak rental")
    assert "nothing to do" in _run("reindex", "--if-needed")
    assert documents_search.get_index().doc_ids() == set()


def test_reindex_if_needed_builds_a_new_index(cast: factories.People, settings: object, tmp_path: object) -> None:
    """GIVEN a data folder without an index and a document
    WHEN `document_index reindex --if-needed` runs
    THEN the index is built with the document."""
    from pathlib import Path

    with transaction.atomic():
        document = factories.document(owner=cast.owner, title="Kayak rental")
    settings.DATA_DIR = Path(str(tmp_path)) / "elsewhere"  # type: ignore[attr-defined]
    assert "Indexed 1 documents" in _run("reindex", "--if-needed", "--no-progress-bar")
    assert documents_search.get_index().doc_ids() == {document.pk}


def test_optimize_runs(cast: factories.People) -> None:
    """GIVEN a built index
    WHEN `document_index optimize` runs
    THEN it says so."""
    assert "Optimized" in _run("optimize")
