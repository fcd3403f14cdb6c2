"""The document index: opening it, writing to it under the writer lock, and the public query methods."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import tantivy

from paperkeep.search import querying, suggest
from paperkeep.search import schema as f
from paperkeep.search.analysis import Analyzers, analyzers_for, normalize_language
from paperkeep.search.documents import build_document
from paperkeep.search.errors import IndexBusy, SearchError
from paperkeep.search.records import DocRecord, Filters, SearchPage, SearchRequest, Sort, Viewer
from paperkeep.search.storage import IndexSettings, open_lock, read_settings, wipe, write_settings

logger = logging.getLogger(__name__)

WRITER_HEAP_BYTES = 15_000_000  # tantivy's minimum per thread; keeps an idle process small
REBUILD_HEAP_BYTES = 128_000_000  # one indexing thread: 100k documents in ~7 segments, ~900 MB peak RSS
LOCK_TIMEOUT_SECONDS = 5.0
META_FILE = "meta.json"  # tantivy's list of committed segments, replaced whole by every commit


class IndexBatch:
    """The writes of one commit: upserts (delete by id, then add) and removals."""

    def __init__(self, writer: tantivy.IndexWriter, schema: tantivy.Schema, analyzers: Analyzers, tz: tzinfo) -> None:
        self._writer = writer
        self._schema = schema
        self._analyzers = analyzers
        self._tz = tz
        self.changes = 0

    def upsert(self, record: DocRecord) -> None:
        """Replace (or add) one document."""
        self._delete(record.id)
        self._writer.add_document(build_document(record, self._analyzers, self._tz))
        self.changes += 1

    def add(self, record: DocRecord) -> None:
        """Add a document known not to be in the index (rebuilds)."""
        self._writer.add_document(build_document(record, self._analyzers, self._tz))
        self.changes += 1

    def remove(self, doc_id: int) -> None:
        """Remove one document, if present."""
        self._delete(doc_id)
        self.changes += 1

    def _delete(self, doc_id: int) -> None:
        # delete_documents_by_term would build an i64 term from a Python int and miss the u64 id field.
        self._writer.delete_documents_by_query(tantivy.Query.term_query(self._schema, f.ID, doc_id))

    def clear(self) -> None:
        """Remove every document."""
        self._writer.delete_all_documents()
        self.changes += 1


class SearchIndex:
    """The full-text index of the documents; safe to share between threads of one process."""

    def __init__(
        self,
        path: Path,
        index: tantivy.Index,
        language: str,
        tz: tzinfo,
        writer_heap_bytes: int = WRITER_HEAP_BYTES,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
        fuzzy_threshold: float | None = None,
    ) -> None:
        self.path = path
        self.fuzzy_threshold = fuzzy_threshold  # set: fuzzy words, and hits under this share of the best score go
        self.language = language
        self.tz = tz
        self.writer_heap_bytes = writer_heap_bytes
        self.lock_timeout = lock_timeout
        self._index = index
        self.schema = index.schema
        self.analyzers = analyzers_for(language)
        self.analyzers.register(index)
        self._write_lock = threading.Lock()
        self._loaded_meta: bytes | None = None  # meta.json as of the last reload

    # -- state -------------------------------------------------------------------------------
    @property
    def needs_rebuild(self) -> bool:
        """Return whether the index was (re)created and has not been filled by `rebuild` yet."""
        settings = read_settings(self.path)
        return settings is None or not settings.populated

    def searcher(self) -> tantivy.Searcher:
        """Return a searcher over the latest committed state this process has loaded."""
        return self._index.searcher()

    def reload(self) -> None:
        """Load the latest commit now (other processes' commits also arrive by themselves within ~0.5 s)."""
        self._index.reload()

    def refresh(self) -> None:
        """Load the latest commit if there is a newer one than the last loaded (reading meta.json, ~10 µs,
        instead of tantivy's reload, ~0.4 ms at 100k documents). Every commit rewrites meta.json with a new
        operation stamp, so unchanged bytes mean nothing was committed since."""
        try:
            meta = (self.path / META_FILE).read_bytes()
        except OSError:
            meta = None
        if meta is None or meta != self._loaded_meta:
            self._index.reload()  # after reading: a commit landing in between is loaded now or next time
            self._loaded_meta = meta

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def writer(self, heap_bytes: int | None = None, threads: int = 1) -> Iterator[IndexBatch]:
        """Take the writer lock (retrying briefly), yield a batch, commit it, and release the writer."""
        with self._write_lock:
            writer = self._acquire_writer(heap_bytes or self.writer_heap_bytes, threads)
            batch = IndexBatch(writer, self.schema, self.analyzers, self.tz)
            try:
                yield batch
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # drops the writer: frees its heap and the lock
            self._index.reload()

    def _acquire_writer(self, heap_bytes: int, threads: int = 1) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                return self._index.writer(heap_size=heap_bytes, num_threads=threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise IndexBusy(f"The search index at {self.path} is locked by another writer") from exc
                time.sleep(min(remaining, delay * (0.5 + random.random())))
                delay = min(delay * 2, 0.5)

    def upsert(self, records: Iterable[DocRecord]) -> int:
        """Add or replace documents in one commit; return how many."""
        with self.writer() as batch:
            for record in records:
                batch.upsert(record)
            return batch.changes

    def remove(self, ids: Iterable[int]) -> int:
        """Remove documents by id in one commit; return how many ids were given."""
        with self.writer() as batch:
            for doc_id in ids:
                batch.remove(doc_id)
            return batch.changes

    def clear(self) -> None:
        """Remove every document."""
        with self.writer() as batch:
            batch.clear()

    def rebuild(
        self,
        records: Iterable[DocRecord],
        progress: Callable[[int], None] | None = None,
        heap_bytes: int = REBUILD_HEAP_BYTES,
    ) -> int:
        """Replace the whole index with these records in one commit, then mark it populated."""
        count = 0
        # One indexing thread: building the documents (analysis, word pairs) keeps the other core busy, and each
        # thread would cut its own, smaller segments. Measured at 100k documents on two cores: 2 threads x 32 MB
        # took 149 s and left 13 segments; 1 thread x 128 MB, 108 s and 7 segments (a search touches every
        # segment: substring search 53 -> 21 ms with 3 segments).
        threads = 1
        with self.writer(heap_bytes, threads) as batch:
            batch.clear()
            for record in records:
                batch.add(record)
                count += 1
                if progress is not None:
                    progress(count)
        write_settings(self.path, IndexSettings(f.SCHEMA_VERSION, self.language, populated=True))
        logger.info("Rebuilt the search index with %d documents", count)
        return count

    def optimize(self) -> None:
        """Wait for segment merges and delete files no longer used (tantivy merges by itself)."""
        with self._write_lock:
            writer = self._acquire_writer(self.writer_heap_bytes)
            try:
                writer.garbage_collect_files()
            finally:
                writer.wait_merging_threads()

    # -- reading -----------------------------------------------------------------------------
    def doc_ids(self) -> set[int]:
        """Return the ids of every indexed document (to reconcile with the database)."""
        return querying.all_ids(self.searcher())

    def search(self, request: SearchRequest) -> SearchPage:
        """Run a search for a viewer and return one page of hits."""
        return querying.search(self._env(), request)

    def ids(
        self,
        query: str,
        viewer: Viewer,
        filters: Filters | None = None,
        mode: str = "query",
        now: datetime | None = None,
        sort: Sort | None = None,
    ) -> list[int]:
        """Return the ids of all visible documents matching a query, best first (`sort`: the ordering they will be
        shown in, which decides whether the fuzzy threshold drops weak hits)."""
        return querying.matching_ids(self._env(), query, viewer, filters or Filters(), mode, now, sort)

    def more_like_this(
        self, doc_id: int, viewer: Viewer, page: int = 1, page_size: int = 25, filters: Filters | None = None
    ) -> SearchPage:
        """Return visible documents similar to one the viewer may see (DocumentNotFound otherwise)."""
        return suggest.more_like_this(self._env(), doc_id, viewer, page, page_size, filters or Filters())

    def autocomplete(self, term: str, viewer: Viewer, limit: int = 10) -> list[str]:
        """Return up to `limit` words starting with the term's last word, from documents the viewer may see."""
        return suggest.autocomplete(self._env(), term, viewer, limit)

    def _env(self) -> querying.Env:
        return querying.Env(self.searcher(), self.schema, self.analyzers, self.tz, self.fuzzy_threshold)


def open_index(
    path: Path | str,
    language: str | None = "english",
    timezone: tzinfo | str = "UTC",
    *,
    writer_heap_bytes: int = WRITER_HEAP_BYTES,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    fuzzy_threshold: float | None = None,
) -> SearchIndex:
    """Open the index in `path`, wiping and recreating it when its schema version or language changed.

    `fuzzy_threshold` (PAPERLESS_ADVANCED_FUZZY_SEARCH_THRESHOLD) turns on approximate matching of query words
    and drops, in relevance orderings, hits scoring under that share of the best visible score."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    stemmer = normalize_language(language)
    tz = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
    with open_lock(directory):
        index = _open_or_create(directory, stemmer)
    return SearchIndex(directory, index, stemmer, tz, writer_heap_bytes, lock_timeout, fuzzy_threshold)


def _open_or_create(directory: Path, language: str) -> tantivy.Index:
    settings = read_settings(directory)
    current = settings is not None and settings.schema_version == f.SCHEMA_VERSION and settings.language == language
    if current and tantivy.Index.exists(str(directory)):
        try:
            return tantivy.Index(f.build_schema(), path=str(directory), reuse=True)
        except (ValueError, OSError) as exc:
            logger.warning("The search index at %s cannot be opened (%s); recreating it", directory, exc)
    elif settings is not None or tantivy.Index.exists(str(directory)):
        logger.info("The search index at %s has another schema or language; recreating it", directory)
    wipe(directory)
    try:
        index = tantivy.Index(f.build_schema(), path=str(directory), reuse=False)
    except (ValueError, OSError) as exc:
        raise SearchError(f"Cannot create the search index at {directory}: {exc}") from exc
    write_settings(directory, IndexSettings(f.SCHEMA_VERSION, language, populated=False))
    return index
