"""The index follows every change: upserts, removals, clearing, and commits from another process."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from paperkeep.search import DocRecord, IndexBusy, Viewer, open_index
from tests.search.helpers import MakeIndex, found


def test_upsert_is_searchable_at_once(make_index: MakeIndex) -> None:
    """GIVEN an empty index WHEN a record is upserted THEN the same process finds it immediately."""
    index = make_index()
    index.upsert([DocRecord(id=1, title="fresh")])
    assert found(index, "fresh") == {1}


def test_upsert_replaces_the_old_version(make_index: MakeIndex) -> None:
    """GIVEN an indexed document WHEN it is upserted with a new title THEN the old title no longer matches."""
    index = make_index(DocRecord(id=1, title="draft"))
    index.upsert([DocRecord(id=1, title="final")])
    assert found(index, "draft") == set()
    assert found(index, "final") == {1}
    assert index.searcher().num_docs == 1


@pytest.mark.parametrize(
    ("before", "after", "query"),
    [
        (DocRecord(id=1), DocRecord(id=1, notes=("call back",)), "note:call"),
        (DocRecord(id=1), DocRecord(id=1, custom_fields=(("IBAN", "DE12"),)), "custom_fields.value:de12"),
        (DocRecord(id=1), DocRecord(id=1, tags=("urgent",), tag_ids=(5,)), "tag:urgent"),
        (DocRecord(id=1), DocRecord(id=1, correspondent="ACME", correspondent_id=3), "correspondent_id:3"),
        (DocRecord(id=1, owner_id=2), DocRecord(id=1, owner_id=2, viewer_user_ids=(1,)), "*"),
    ],
)
def test_each_kind_of_change_is_reflected(
    make_index: MakeIndex, before: DocRecord, after: DocRecord, query: str
) -> None:
    """GIVEN a document WHEN notes, custom fields, tags, names or grants change THEN the new state is searchable."""
    index = make_index(before)
    viewer = Viewer(user_id=1)
    assert found(index, query, viewer) == set()
    index.upsert([after])
    assert found(index, query, viewer) == {1}


def test_remove(make_index: MakeIndex) -> None:
    """GIVEN two documents WHEN one is removed THEN only the other is found and listed."""
    index = make_index(DocRecord(id=1, title="gone"), DocRecord(id=2, title="stays"))
    index.remove([1])
    assert found(index) == {2}
    assert index.doc_ids() == {2}


def test_remove_unknown_id_is_harmless(make_index: MakeIndex) -> None:
    """GIVEN an index WHEN removing an id it never held THEN nothing fails and nothing changes."""
    index = make_index(DocRecord(id=1))
    index.remove([99])
    assert index.doc_ids() == {1}


def test_clear(make_index: MakeIndex) -> None:
    """GIVEN documents WHEN the index is cleared THEN it is empty."""
    index = make_index(DocRecord(id=1), DocRecord(id=2))
    index.clear()
    assert index.doc_ids() == set()


def test_doc_ids_lists_everything(make_index: MakeIndex) -> None:
    """GIVEN 300 documents WHEN asking doc_ids THEN all 300 ids come back (for reconciliation with the database)."""
    index = make_index(*(DocRecord(id=i) for i in range(1, 301)))
    assert index.doc_ids() == set(range(1, 301))


def test_ids_are_all_visible_matches_best_first(make_index: MakeIndex) -> None:
    """GIVEN three matches, one hidden WHEN asking ids THEN the two visible ones come, the stronger first."""
    index = make_index(
        DocRecord(id=1, content="rent"),
        DocRecord(id=2, title="rent", content="rent rent"),
        DocRecord(id=3, content="rent", owner_id=9),
    )
    assert index.ids("rent", Viewer(user_id=1)) == [2, 1]


def test_failed_batch_writes_nothing(make_index: MakeIndex) -> None:
    """GIVEN a writer batch WHEN the code inside it raises THEN none of its writes are committed."""
    index = make_index(DocRecord(id=1))
    with pytest.raises(RuntimeError), index.writer() as batch:
        batch.upsert(DocRecord(id=2))
        batch.remove(1)
        raise RuntimeError("boom")
    assert index.doc_ids() == {1}


def test_commit_from_another_process_is_seen_within_a_second(index_path: Path) -> None:
    """GIVEN two opened handles on one index (as web and worker have) WHEN one commits THEN the other finds the
    document within one second without being told."""
    web = open_index(index_path)
    worker = open_index(index_path)
    assert found(web, "shared") == set()
    worker.upsert([DocRecord(id=1, title="shared")])
    deadline = time.monotonic() + 1.0
    while not found(web, "shared") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert found(web, "shared") == {1}


def test_busy_writer_lock_raises_after_the_retry_budget(index_path: Path) -> None:
    """GIVEN another handle holding the writer lock WHEN upserting with a 0.3 s budget THEN IndexBusy is raised."""
    holder = open_index(index_path)
    waiting = open_index(index_path)
    waiting.lock_timeout = 0.3
    with holder.writer():
        started = time.monotonic()
        with pytest.raises(IndexBusy):
            waiting.upsert([DocRecord(id=1)])
        assert 0.25 < time.monotonic() - started < 2.0


def test_writer_lock_is_retried_until_released(index_path: Path) -> None:
    """GIVEN another handle holding the writer lock for 0.3 s WHEN upserting with a 3 s budget THEN it succeeds."""
    holder = open_index(index_path)
    waiting = open_index(index_path)
    waiting.lock_timeout = 3.0
    entered = threading.Event()

    def hold() -> None:
        with holder.writer():
            entered.set()
            time.sleep(0.3)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait()
    waiting.upsert([DocRecord(id=1, title="late")])
    thread.join()
    assert found(waiting, "late") == {1}


def test_writer_is_released_after_each_commit(index_path: Path) -> None:
    """GIVEN one handle that just committed WHEN another handle writes THEN it gets the lock at once."""
    first = open_index(index_path)
    second = open_index(index_path, lock_timeout=0.0)
    first.upsert([DocRecord(id=1)])
    second.upsert([DocRecord(id=2)])
    second.reload()
    assert second.doc_ids() == {1, 2}


def test_refresh_loads_another_handles_commit_at_once(index_path: Path) -> None:
    """GIVEN two handles on one index (as two processes have), the first one refreshed and searched already
    WHEN the second commits a document THEN the first finds it right after refresh(), and again after a
    refresh with nothing new."""
    first = open_index(index_path)
    first.upsert([DocRecord(id=1, title="one")])
    first.refresh()
    assert found(first, "one") == {1}
    second = open_index(index_path)
    second.upsert([DocRecord(id=2, title="two")])
    first.refresh()
    assert found(first, "two") == {2}
    first.refresh()
    assert found(first, "one OR two") == {1, 2}
