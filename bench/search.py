"""Benchmark full-text search through HTTP on a live `paperkeep serve`, with SQLite FTS5 as a reference floor.

    .venv/bin/python bench/search.py                       # 10,000 and 100,000 documents
    .venv/bin/python bench/search.py --docs 10000 --runs 20
    .venv/bin/python bench/search.py --docs 100000 --keep --dir /tmp/b     # build once, keep the data ...
    .venv/bin/python bench/search.py --docs 100000 --reuse /tmp/b/paperkeep-bench-search-100000-xxxx   # ... time again
    .venv/bin/python bench/search.py --docs 100000 --reuse DIR --baseline-src /tmp/old/src   # old vs new, side by side

For each size: builds a library from the generated corpus of `search_corpus.py` straight through the ORM in a
fresh data directory (SQLite), builds the index with `document_index reindex`, starts `paperkeep serve`, and times
`GET /api/documents/?query=...` (page 1, as the web UI asks for it) and `/api/search/autocomplete/` for a
superuser and for a user who sees half of the documents (owned, or shared with their group). Beside each row:
the same queries run in-process on SQLite FTS5 (no HTTP, no permissions for autocomplete), the floor a bare
full-text engine gives. Prints figures only; asserts nothing about time.

`--baseline-src` (with `--reuse`) compares two versions fairly on a busy machine: it starts a second server
on the same data from another source tree (e.g. `git archive <commit> src | tar -x -C /tmp/old`) and sends
each query to both in turn, so both see the same load; it prints both p50s and their ratio. When the two versions
index differently (another schema version), give the baseline its own copy of the data with `--baseline-dir`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT), str(ROOT / "src")]

from bench import common  # noqa: E402
from bench.common import free_port  # noqa: E402
from search_core import FTS_QUERIES, QUERIES, build_fts, directory_size, fts_runner  # noqa: E402
from search_corpus import RESTRICTED, SUPERUSER, generate  # noqa: E402

from paperkeep.search import DocRecord  # noqa: E402

BATCH = 2_000


def environment(root: Path, port: int) -> dict[str, str]:
    return common.environment(root, port, PAPERLESS_OCR_LANGUAGE="eng")


def build_library(root: Path, count: int) -> dict[str, str]:
    """Create users, objects and `count` documents in a fresh database (in a child process); return API tokens."""
    script = ROOT / "bench" / "search.py"
    env = environment(root, 8000)
    done = subprocess.run(
        [sys.executable, str(script), "--build-only", str(count)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"building the library failed:\n{done.stderr[-3000:]}")
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    for line in done.stdout.splitlines():
        if "=" not in line:
            print(line)
    return lines


def _build_in_this_process(count: int) -> None:
    """The `--build-only` child: Django set up on the bench data directory."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "paperkeep.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, Permission, User
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from paperkeep.documents import search as documents_search

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    admin = User.objects.create_superuser("admin", "admin@example.org", "bench")
    perms = Permission.objects.filter(content_type__app_label="documents")
    users = {n: User.objects.create_user(f"user{n}", f"user{n}@example.org", "bench") for n in (1, 2, 3, 4)}
    for user in users.values():
        user.user_permissions.set(perms)
    team = Group.objects.create(name="team")
    users[1].groups.add(team)
    objects: dict[tuple[str, str], int] = {}

    def object_id(model: type[Any], key: int | None, name: str | None) -> int | None:
        if key is None or name is None:
            return None
        if (model.__name__, name) not in objects:  # the corpus may give two ids one name; names are unique here
            objects[(model.__name__, name)] = model.objects.create(name=name).pk
        return objects[(model.__name__, name)]

    chunk: list[DocRecord] = []
    for record in generate(count):
        chunk.append(record)
        if len(chunk) == BATCH or record.id == count:
            _store(chunk, users, {10: team.pk}, admin, object_id)
            chunk = []
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  database  {count:,} documents built in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    call_command("document_index", "reindex", "--no-progress-bar", stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    size = directory_size(documents_search.index_path()) / 2**20
    print(f"  index     built by `document_index reindex` in {seconds:.1f} s, {size:.1f} MiB on disk")
    print(f"superuser={Token.objects.create(user=admin).key}")
    print(f"restricted={Token.objects.create(user=users[1]).key}")


def _store(
    chunk: list[DocRecord],
    users: dict[int, Any],
    groups: dict[int, int],
    author: Any,
    object_id: Callable[[type[Any], int | None, str | None], int | None],
) -> None:
    from paperkeep.documents.models import Correspondent, Document, DocumentType, Note, Tag

    created = Document.objects.bulk_create(
        Document(
            title=r.title,
            content=r.content,
            mime_type=r.mime_type,
            checksum=f"{r.id:064x}",
            created=r.created,
            added=r.added,
            owner_id=users[r.owner_id].pk if r.owner_id else None,
            correspondent_id=object_id(Correspondent, r.correspondent_id, r.correspondent),
            document_type_id=object_id(DocumentType, r.document_type_id, r.document_type),
            original_filename=r.original_filename,
            page_count=r.page_count,
            archive_serial_number=r.asn,
        )
        for r in chunk
    )
    pairs = list(zip(chunk, created, strict=True))
    Document.tags.through.objects.bulk_create(
        Document.tags.through(document_id=d.pk, tag_id=object_id(Tag, t, name))
        for r, d in pairs
        for t, name in zip(r.tag_ids, r.tags, strict=True)
    )
    Note.objects.bulk_create(Note(document_id=d.pk, note=text, user=author) for r, d in pairs for text in r.notes)
    Document.view_users.through.objects.bulk_create(
        Document.view_users.through(document_id=d.pk, user_id=users[u].pk) for r, d in pairs for u in r.viewer_user_ids
    )
    Document.view_groups.through.objects.bulk_create(
        Document.view_groups.through(document_id=d.pk, group_id=groups[g]) for r, d in pairs for g in r.viewer_group_ids
    )


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return common.start_and_wait(common.SERVE, env, port, timeout=120)


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def http_runner(session: requests.Session, base: str, kind: str) -> Callable[[str], int]:
    def run(text: str) -> int:
        if kind == "autocomplete":
            url = f"{base}/search/autocomplete/?{urlencode({'term': text, 'limit': 10})}"
        else:
            url = f"{base}/documents/?{urlencode({'query': text, 'truncate_content': 'true'})}"
        response = session.get(url, timeout=120)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
        body = response.json()
        return len(body) if kind == "autocomplete" else int(body["count"])

    return run


def timed(run: Callable[[object], int], queries: list[object], runs: int) -> tuple[float, float, float]:
    for query in queries:
        run(query)  # warm up
    times: list[float] = []
    totals: list[int] = []
    for _ in range(runs):
        for query in queries:
            started = time.perf_counter()
            totals.append(run(query))
            times.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(times)
    return p50, p95, statistics.mean(totals)


def bench_size(count: int, runs: int, parent: Path | None, keep: bool, reuse: Path | None = None) -> None:
    root = reuse or Path(tempfile.mkdtemp(prefix=f"paperkeep-bench-search-{count}-", dir=parent))
    print(f"\n{count:,} documents (data in {root})")
    saved = root / "bench-tokens.txt"
    if reuse is None:
        tokens = build_library(root, count)
        saved.write_text("\n".join(f"{k}={v}" for k, v in tokens.items()), encoding="utf-8")
        fts_started = time.perf_counter()
        fts, _ = build_fts(root, count)
        fts_seconds = time.perf_counter() - fts_started
        print(f"  fts5      built in {fts_seconds:.1f} s, {(root / 'fts.sqlite3').stat().st_size / 2**20:.1f} MiB")
    else:
        tokens = dict(line.split("=", 1) for line in saved.read_text(encoding="utf-8").splitlines())
        fts = sqlite3.connect(root / "fts.sqlite3")
    port = free_port()
    env = environment(root, port)
    proc = start(env, port)
    base = f"http://127.0.0.1:{port}/api"
    try:
        sessions = {}
        for label in ("restricted", "superuser"):
            sessions[label] = requests.Session()
            sessions[label].headers.update(
                {"Authorization": f"Token {tokens[label]}", "Accept": "application/json; version=10"}
            )
        for _ in range(3):  # a fresh server: fault the index and the database into memory first
            for kind, queries in QUERIES.items():
                for session in sessions.values():
                    for query in queries:
                        http_runner(session, base, kind)(query)
        print(f"  {'query':14} {'viewer':10} {'HTTP p50':>9} {'p95':>7} {'fts5 p50':>9} {'p95':>7} {'avg hits':>9}")
        for kind, queries in QUERIES.items():
            for label, viewer in (("restricted", RESTRICTED), ("superuser", SUPERUSER)):
                run = http_runner(sessions[label], base, kind)
                p50, p95, hits = timed(run, list(queries), runs)  # type: ignore[arg-type]
                floor = fts_runner(fts, kind, viewer)
                fts_figures = timed(floor, list(FTS_QUERIES[kind]), runs) if floor else None
                fts_text = f"{fts_figures[0]:9.2f} {fts_figures[1]:7.2f}" if fts_figures else f"{'n/a':>9} {'':>7}"
                print(f"  {kind:14} {label:10} {p50:9.2f} {p95:7.2f} {fts_text} {hits:9.0f}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        fts.close()
        if not keep and reuse is None:
            shutil.rmtree(root, ignore_errors=True)


def compare(root: Path, runs: int, baseline_src: Path, baseline_root: Path | None = None) -> None:
    """Time the same queries on this tree's server and on one from `baseline_src`, alternating per request.

    `baseline_root` is the baseline's own copy of the data when the two versions' index schemas differ (a server
    rebuilds an index of another schema): a copy of `root` taken before, with the same users and documents."""
    tokens = dict(line.split("=", 1) for line in (root / "bench-tokens.txt").read_text(encoding="utf-8").splitlines())
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    try:
        for label, src, data in (("baseline", baseline_src, baseline_root or root), ("this", ROOT / "src", root)):
            port = free_port()
            env = environment(data, port)
            env["PYTHONPATH"] = str(src)
            servers[label] = (start(env, port), f"http://127.0.0.1:{port}/api")
        sessions = {}
        for viewer in ("restricted", "superuser"):
            sessions[viewer] = requests.Session()
            sessions[viewer].headers.update(
                {"Authorization": f"Token {tokens[viewer]}", "Accept": "application/json; version=10"}
            )
        print(f"  {'query':14} {'viewer':10} {'baseline p50':>12} {'this p50':>9} {'this/baseline':>13}")
        for kind, queries in QUERIES.items():
            for viewer, session in sessions.items():
                runners = {label: http_runner(session, base, kind) for label, (_, base) in servers.items()}
                times: dict[str, list[float]] = {label: [] for label in servers}
                for round_ in range(runs + 1):
                    for query in queries:
                        order = list(runners.items()) if round_ % 2 else list(runners.items())[::-1]
                        for label, run in order:
                            started = time.perf_counter()
                            run(query)
                            if round_:  # the first round warms both up
                                times[label].append((time.perf_counter() - started) * 1000)
                old, new = (statistics.median(times[label]) for label in ("baseline", "this"))
                print(f"  {kind:14} {viewer:10} {old:12.2f} {new:9.2f} {new / old:13.2f}")
    finally:
        for proc, _ in servers.values():
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20, help="repetitions of each query set")
    parser.add_argument("--dir", type=Path, help="where to build (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the data directories (for --reuse)")
    parser.add_argument("--reuse", type=Path, help="time again on a directory kept by --keep (one size)")
    parser.add_argument("--baseline-src", type=Path, help="with --reuse: compare with a server run from this src tree")
    parser.add_argument("--baseline-dir", type=Path, help="with --baseline-src: the baseline's copy of the data "
                        "(when the index schemas differ)")  # fmt: skip
    parser.add_argument("--build-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        _build_in_this_process(args.build_only)
        return
    print("Search through HTTP (paperkeep serve, SQLite) vs SQLite FTS5 in-process; times in ms")
    if args.reuse and args.baseline_src:
        print(f"\n{args.docs[0]:,} documents (data in {args.reuse}), baseline from {args.baseline_src}")
        compare(args.reuse, args.runs, args.baseline_src, args.baseline_dir)
        return
    if args.reuse:
        bench_size(args.docs[0], args.runs, None, True, args.reuse)
        return
    for count in args.docs:
        bench_size(count, args.runs, args.dir, args.keep)


if __name__ == "__main__":
    main()
