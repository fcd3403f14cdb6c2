"""Opening, rebuilding and recreating the index when its schema or language changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkeep.search import DocRecord, SearchError, open_index
from paperkeep.search import schema as search_schema
from tests.search.helpers import found


def test_new_index_needs_a_rebuild(index_path: Path) -> None:
    """GIVEN no index yet WHEN it is opened THEN it asks for a rebuild."""
    assert open_index(index_path).needs_rebuild


def test_rebuild_fills_and_marks_the_index(index_path: Path) -> None:
    """GIVEN a new index WHEN it is rebuilt from records THEN they are searchable and no rebuild is needed."""
    index = open_index(index_path)
    assert index.rebuild([DocRecord(id=1, title="alpha"), DocRecord(id=2, title="beta")]) == 2
    assert found(index, "alpha") == {1}
    assert not index.needs_rebuild


def test_rebuild_replaces_everything(index_path: Path) -> None:
    """GIVEN an index with a stale document WHEN it is rebuilt THEN only the new records remain."""
    index = open_index(index_path)
    index.upsert([DocRecord(id=9, title="stale")])
    index.rebuild([DocRecord(id=1)])
    assert index.doc_ids() == {1}


def test_rebuild_reports_progress(index_path: Path) -> None:
    """GIVEN three records WHEN rebuilding with a progress callback THEN it sees 1, 2, 3."""
    seen: list[int] = []
    open_index(index_path).rebuild((DocRecord(id=i) for i in (1, 2, 3)), progress=seen.append)
    assert seen == [1, 2, 3]


def test_reopening_keeps_the_documents(index_path: Path) -> None:
    """GIVEN a rebuilt index WHEN it is opened again with the same settings THEN documents stay, no rebuild."""
    open_index(index_path).rebuild([DocRecord(id=1, title="kept")])
    again = open_index(index_path)
    assert found(again, "kept") == {1}
    assert not again.needs_rebuild


def test_language_change_recreates_the_index(index_path: Path) -> None:
    """GIVEN an English index WHEN it is opened as German THEN it is wiped and asks for a rebuild."""
    open_index(index_path, "english").rebuild([DocRecord(id=1)])
    german = open_index(index_path, "german")
    assert german.doc_ids() == set()
    assert german.needs_rebuild


def test_schema_version_change_recreates_the_index(index_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN an index of the current schema WHEN the code's schema version moves on THEN it is wiped and rebuilt."""
    open_index(index_path).rebuild([DocRecord(id=1)])
    monkeypatch.setattr(search_schema, "SCHEMA_VERSION", search_schema.SCHEMA_VERSION + 1)
    newer = open_index(index_path)
    assert newer.doc_ids() == set()
    assert newer.needs_rebuild


def test_paperless_index_is_replaced(index_path: Path) -> None:
    """GIVEN a directory holding a Paperless-ngx index (its own settings file) WHEN opened THEN it is recreated."""
    index_path.mkdir()
    (index_path / ".index_settings.json").write_text(json.dumps({"schema_version": 1, "language": "en"}))
    (index_path / "meta.json").write_text("{}")
    index = open_index(index_path)
    assert index.needs_rebuild
    assert not (index_path / ".index_settings.json").exists()


def test_damaged_index_is_recreated(index_path: Path) -> None:
    """GIVEN an index whose meta.json is damaged WHEN opened THEN it is recreated instead of failing."""
    open_index(index_path).rebuild([DocRecord(id=1)])
    (index_path / "meta.json").write_text("not json")
    index = open_index(index_path)
    assert index.needs_rebuild
    assert index.doc_ids() == set()


def test_refuses_to_wipe_a_directory_with_other_files(index_path: Path) -> None:
    """GIVEN a mis-set index directory holding other files WHEN it would be wiped THEN SearchError refuses."""
    index_path.mkdir()
    (index_path / "db.sqlite3").write_text("precious")
    with pytest.raises(SearchError, match=r"db\.sqlite3"):
        open_index(index_path)
    assert (index_path / "db.sqlite3").read_text() == "precious"


def test_optimize_keeps_documents(index_path: Path) -> None:
    """GIVEN an index after removals WHEN optimized THEN its documents are unchanged."""
    index = open_index(index_path)
    index.upsert(DocRecord(id=i) for i in range(1, 6))
    index.remove([2, 3])
    index.optimize()
    assert index.doc_ids() == {1, 4, 5}
