"""Fixtures for the search tests: real tantivy indexes in temporary directories, a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkeep.search import DocRecord, SearchIndex, open_index
from tests.search.helpers import MakeIndex


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    """Return where the test's index lives."""
    return tmp_path / "index"


@pytest.fixture
def make_index(index_path: Path) -> MakeIndex:
    """Return a function that opens the test's index and puts some records in it."""

    def make(*records: DocRecord, language: str = "english", timezone: str = "UTC") -> SearchIndex:
        index = open_index(index_path, language, timezone)
        if records:
            index.upsert(records)
        return index

    return make
