"""Benchmark paperkeep.search directly (no HTTP) against SQLite FTS5 as a reference floor.

    .venv/bin/python bench/search_core.py              # 10,000 documents
    .venv/bin/python bench/search_core.py --docs 100000

Prints index build time and size, and p50/p95 latency per kind of query for a restricted user who sees half the
documents and for a superuser. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "src")]

from search_corpus import RESTRICTED, SUPERUSER, generate  # noqa: E402

from paperkeep.search import DocRecord, SearchIndex, SearchRequest, Viewer, open_index  # noqa: E402
from paperkeep.search.access import document_keys, viewer_keys  # noqa: E402

QUERIES = {
    "single word": ["invoice", "insurance", "hospital", "pension"],
    "two words": ["invoice payment", "bank statement", "water meter", "rent deposit"],
    "phrase": ['"payment reminder"', '"account number"', '"meter reading"'],
    "field": ["tag:bank", "type:invoice", "tag:insurance"],
    "date range": ["created:[2020 to 2021]", "created:[2018-03 to 2018-06]"],
    "autocomplete": ["inv", "pay", "re", "ko"],
}
# The same intent in FTS5 syntax (field queries become column filters; dates go to a B-tree column).
FTS_QUERIES = {
    "single word": QUERIES["single word"],
    "two words": QUERIES["two words"],
    "phrase": QUERIES["phrase"],
    "field": ["tags:bank", "doc_type:invoice", "tags:insurance"],
    "date range": [("2020-01-01", "2022-01-01"), ("2018-03-01", "2018-07-01")],
    "autocomplete": QUERIES["autocomplete"],
}


def directory_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def build_tantivy(path: Path, count: int) -> tuple[SearchIndex, float]:
    index = open_index(path / "tantivy")
    started = time.perf_counter()
    index.rebuild(generate(count))
    return index, time.perf_counter() - started


def build_fts(path: Path, count: int) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(path / "fts.sqlite3")
    started = time.perf_counter()
    db.executescript(
        """
        PRAGMA journal_mode=WAL;
        CREATE TABLE docs (id INTEGER PRIMARY KEY, created TEXT);
        CREATE INDEX docs_created ON docs(created);
        CREATE TABLE access (key TEXT, doc_id INTEGER, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
        CREATE VIRTUAL TABLE fts USING fts5(title, content, notes, tags, correspondent, doc_type,
                                            tokenize='porter unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
        """
    )
    with db:
        for record in generate(count):
            _insert_fts(db, record)
    return db, time.perf_counter() - started


def _insert_fts(db: sqlite3.Connection, record: DocRecord) -> None:
    created = record.created.isoformat() if record.created else None
    db.execute("INSERT INTO docs VALUES (?, ?)", (record.id, created))
    db.executemany("INSERT INTO access VALUES (?, ?)", [(key, record.id) for key in document_keys(record)])
    db.execute(
        "INSERT INTO fts(rowid, title, content, notes, tags, correspondent, doc_type) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            record.title,
            record.content,
            " ".join(record.notes),
            " ".join(record.tags),
            record.correspondent,
            record.document_type,
        ),
    )


def tantivy_runner(index: SearchIndex, kind: str, viewer: Viewer) -> Callable[[str], int]:
    if kind == "autocomplete":
        return lambda term: len(index.autocomplete(term, viewer, limit=10))
    return lambda query: index.search(SearchRequest(viewer=viewer, query=query, page_size=25)).total


def fts_runner(db: sqlite3.Connection, kind: str, viewer: Viewer) -> Callable[[object], int] | None:
    # "+rowid" keeps SQLite from driving the full-text match by the (large) list of visible ids.
    marks = ",".join("?" * len(viewer_keys(viewer)))
    visible = "" if viewer.superuser else f"AND +fts.rowid IN (SELECT doc_id FROM access WHERE key IN ({marks}))"  # noqa: S608
    keys = [] if viewer.superuser else viewer_keys(viewer)
    if kind == "autocomplete":
        if not viewer.superuser:
            return None  # fts5vocab counts every document; there is no permission-aware variant
        sql = "SELECT term FROM vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT 10"
        return lambda prefix: len(db.execute(sql, (prefix, f"{prefix}\uffff")).fetchall())
    if kind == "date range":
        where = "created >= ? AND created < ?" + visible.replace("+fts.rowid", "id")
        page_sql = f"SELECT id FROM docs WHERE {where} ORDER BY created DESC LIMIT 25"  # noqa: S608
        count_sql = f"SELECT count(*) FROM docs WHERE {where}"  # noqa: S608

        def dates(bounds: object) -> int:
            params = [*bounds, *keys]  # type: ignore[misc]
            db.execute(page_sql, params).fetchall()
            return int(db.execute(count_sql, params).fetchone()[0])

        return dates
    page_sql = (
        "SELECT rowid, snippet(fts, 1, '<b>', '</b>', '…', 24) FROM fts "  # noqa: S608 (placeholders only)
        f"WHERE fts MATCH ? {visible} ORDER BY bm25(fts, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0) LIMIT 25"
    )
    count_sql = f"SELECT count(*) FROM fts WHERE fts MATCH ? {visible}"  # noqa: S608

    def text(query: object) -> int:
        db.execute(page_sql, [query, *keys]).fetchall()
        return int(db.execute(count_sql, [query, *keys]).fetchone()[0])

    return text


def measure(run: Callable[[object], int], queries: list[object], repeat: int) -> tuple[float, float, float]:
    for query in queries:
        run(query)  # warm up caches
    times: list[float] = []
    totals: list[int] = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            totals.append(run(query))
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], statistics.mean(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--dir", type=Path, help="where to build (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as temporary:
        path = Path(temporary)
        index, tantivy_seconds = build_tantivy(path, args.docs)
        db, fts_seconds = build_fts(path, args.docs)
        print(f"Search core benchmark: {args.docs:,} documents, restricted user sees half; times in ms")
        print(f"  build  tantivy {tantivy_seconds:7.1f} s  {directory_size(path / 'tantivy') / 2**20:7.1f} MiB")
        print(f"  build  fts5    {fts_seconds:7.1f} s  {(path / 'fts.sqlite3').stat().st_size / 2**20:7.1f} MiB")
        print(f"{'query':14} {'viewer':10} {'tantivy p50':>11} {'p95':>7} {'fts5 p50':>9} {'p95':>7} {'avg hits':>9}")
        for kind, queries in QUERIES.items():
            for label, viewer in (("restricted", RESTRICTED), ("superuser", SUPERUSER)):
                p50, p95, hits = measure(tantivy_runner(index, kind, viewer), list(queries), args.repeat)
                floor = fts_runner(db, kind, viewer)
                fts = measure(floor, list(FTS_QUERIES[kind]), args.repeat) if floor else None
                fts_text = f"{fts[0]:9.2f} {fts[1]:7.2f}" if fts else f"{'n/a':>9} {'':>7}"
                print(f"{kind:14} {label:10} {p50:11.2f} {p95:7.2f} {fts_text} {hits:9.0f}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (both engines, corpus generation included): {rss:.0f} MiB")
        db.close()


if __name__ == "__main__":
    main()
