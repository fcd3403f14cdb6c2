"""Benchmark the REST API through HTTP on a generated library: 100k documents, 500 tags, 200 correspondents.

    .venv/bin/python bench/api.py [--documents 100000] [--runs 40] [--keep DIR [--reuse]]
    .venv/bin/python bench/api.py --keep DIR --reuse --baseline-src /tmp/old/src   # old vs new, side by side

Builds the library with bulk_create in a fresh data directory (SQLite), serves it with granian, then
times requests as a superuser and as a restricted user who sees about 44% of the documents (owned, unowned,
and granted directly or through a group). Prints p50/p95 per endpoint; asserts nothing about time.

`--baseline-src` (with `--reuse`) compares two versions fairly on a busy machine: it starts a second server
on the same data from another source tree (e.g. `git worktree add /tmp/old <commit>`) and sends each
document-list request to both in turn, so both see the same load; it prints both p50s and their ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.common import environment, free_port, start_and_wait  # noqa: E402

WORDS = (
    "invoice", "contract", "meter", "insurance", "tax", "rent", "salary", "bank", "receipt", "policy", "statement",
    "renewal", "payment", "reminder", "delivery", "warranty", "pension", "doctor", "school", "energy", "water",
    "phone", "internet", "car", "repair", "travel", "ticket", "refund", "order", "notice",
)  # fmt: skip


@dataclass
class Library:
    tokens: dict[str, str]
    document_ids: list[int]
    tag_ids: list[int]
    restricted_visible: list[int]
    thumbnails: dict[str, list[int]]


def build(env: dict[str, str], documents: int, seed: int, *, analyze: bool) -> Library:
    """Create the library in this process, straight through the ORM (bulk_create)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "paperkeep.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, Permission, User
    from django.core.management import call_command
    from PIL import Image
    from rest_framework.authtoken.models import Token

    from paperkeep.documents.models import Correspondent, Document, DocumentType, Tag
    from paperkeep.documents.storage.layout import media, thumbnail_path

    rng = random.Random(seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    admin = User.objects.create_superuser("admin", "admin@example.org", "bench")
    perms = Permission.objects.filter(content_type__app_label="documents").exclude(
        codename__in=("view_global_statistics", "view_system_monitoring")
    )
    users = {}
    for name in ("alice", "bob", "carol"):
        users[name] = User.objects.create_user(name, f"{name}@example.org", "bench")
        users[name].user_permissions.set(perms)
    team = Group.objects.create(name="team")
    users["bob"].groups.add(team)
    owners = [users["alice"].pk] * 4 + [users["bob"].pk] * 2 + [users["carol"].pk] * 2 + [None] * 2

    correspondents = Correspondent.objects.bulk_create(
        Correspondent(name=f"Correspondent {n:03}", owner_id=rng.choice(owners)) for n in range(200)
    )
    types = DocumentType.objects.bulk_create(DocumentType(name=f"Type {n:02}") for n in range(20))
    tags = Tag.objects.bulk_create(
        Tag(name=f"tag {n:03}", owner_id=rng.choice(owners), is_inbox_tag=n == 0) for n in range(500)
    )
    for child, parent in zip(tags[100:200], tags[:100], strict=True):
        child.parent_id = parent.pk
    Tag.objects.bulk_update(tags[100:200], ["parent_id"])

    today = date(2025, 6, 1)
    batch: list[Document] = []
    for n in range(documents):
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        batch.append(
            Document(
                title=f"{rng.choice(WORDS).title()} {n}",
                content=text,
                mime_type="application/pdf",
                checksum=f"{n:064x}",
                created=today - timedelta(days=rng.randrange(3650)),
                owner_id=rng.choice(owners),
                correspondent_id=rng.choice(correspondents).pk if rng.random() < 0.8 else None,
                document_type_id=rng.choice(types).pk if rng.random() < 0.7 else None,
                original_filename=f"scan-{n}.pdf",
                page_count=rng.randint(1, 6),
            )
        )
        if len(batch) == 5000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))

    through = Document.tags.through
    rows = [
        through(document_id=doc, tag_id=tag.pk)
        for doc in ids
        for tag in rng.sample(tags[:300], rng.randint(0, 5))  # the 300 busiest tags carry all documents
    ]
    through.objects.bulk_create(rows, batch_size=20000)

    alice_docs = list(Document.objects.filter(owner_id=users["alice"].pk).values_list("pk", flat=True))
    shared = rng.sample(alice_docs, len(alice_docs) // 10)
    half = len(shared) // 2
    Document.view_users.through.objects.bulk_create(
        Document.view_users.through(document_id=d, user_id=users["bob"].pk) for d in shared[:half]
    )
    Document.view_groups.through.objects.bulk_create(
        Document.view_groups.through(document_id=d, group_id=team.pk) for d in shared[half:]
    )

    bob = users["bob"].pk
    visible = (
        list(Document.objects.filter(pk__in=ids).filter(owner_id__in=[bob, None]).values_list("pk", flat=True))
        + list(Document.objects.filter(owner__isnull=True).values_list("pk", flat=True))
        + shared
    )
    media().ensure()
    unique_visible = sorted(set(visible))
    thumbnails = {
        "superuser": rng.sample(ids, min(300, len(ids))),
        "restricted": rng.sample(unique_visible, min(300, len(unique_visible))),
    }
    for pk in {*thumbnails["superuser"], *thumbnails["restricted"]}:
        Image.new("RGB", (300, 420), "white").save(thumbnail_path(pk), "WEBP")
    if analyze:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # table statistics, as `PRAGMA optimize` would gather them
    tokens = {
        "superuser": Token.objects.create(user=admin).key,
        "restricted": Token.objects.create(user=users["bob"]).key,
    }
    print(
        f"built {len(ids)} documents, {len(rows)} tag links, {len(shared)} grants "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return Library(tokens, ids, [t.pk for t in tags], sorted(set(visible)), thumbnails)


def reopen(env: dict[str, str], seed: int) -> Library:
    """Read an already built library back (for `--reuse`)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "paperkeep.settings"
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from paperkeep.documents import queries
    from paperkeep.documents.models import Document, Tag
    from paperkeep.documents.storage.layout import media

    rng = random.Random(seed)
    tokens = {"superuser": Token.objects.get(user__username="admin").key,
              "restricted": Token.objects.get(user__username="bob").key}  # fmt: skip
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    bob = Token.objects.get(key=tokens["restricted"]).user
    visible = list(queries.visible_documents(bob).values_list("pk", flat=True))
    with_thumbs = {int(path.stem) for path in media().thumbnails.glob("*.webp")}
    thumbnails = {
        "superuser": [pk for pk in ids if pk in with_thumbs],
        "restricted": [pk for pk in visible if pk in with_thumbs],
    }
    rng.shuffle(thumbnails["superuser"])
    tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
    return Library(tokens, ids, tags, sorted(visible), thumbnails)


def start(env: dict[str, str], port: int, src: Path | None = None) -> subprocess.Popen[bytes]:
    # granian with `paperkeep serve`'s web settings, without the background worker: its first start would index
    # the 100k generated documents (they were bulk-created, not consumed) and compete for the CPU.
    argv = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--blocking-threads", "4", "--log-level", "warning", "paperkeep.wsgi:application"]
    if src is not None:
        env = {**env, "PYTHONPATH": str(src)}
    return start_and_wait(argv, env, port, timeout=60)


def timed(session: requests.Session, url: str) -> float:
    started = time.perf_counter()
    response = session.get(url, timeout=60)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
    return elapsed


def measure(
    label: str,
    runs: int,
    make_url: Callable[[int], str],
    session: requests.Session,
    before: Callable[[], None] | None = None,
) -> None:
    timed(session, make_url(0))  # warm up
    samples = []
    for n in range(runs):
        if before is not None:
            before()
        samples.append(timed(session, make_url(n)))
    samples.sort()
    p50 = statistics.median(samples) * 1000
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))] * 1000
    print(f"  {label:<48} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


def bench_user(
    who: str,
    token: str,
    base: str,
    pool: list[int],
    thumbs: list[int],
    busy: list[int],
    runs: int,
    rng: random.Random,
) -> None:
    """Time every endpoint for one user."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json; version=10"})
    detail_ids = [rng.choice(pool) for _ in range(runs + 1)]
    count = session.get(f"{base}/documents/?page_size=1", timeout=60).json()["count"]
    print(f"{who}: sees {count} documents")
    ui = "truncate_content=true"  # what Paperless's web UI sends with every list
    deep = min(200, max(1, count // 25))
    few = max(5, runs // 4)

    def three_tags(n: int) -> str:
        return f"tags__id__in={busy[n % 100]},{busy[100 + n % 100]},{busy[200 + n % 100]}"

    from paperkeep.api.count_cache import bump  # a document write: remembered counts are recomputed

    measure("documents list, page 1", runs, lambda n: f"{base}/documents/?{ui}", session)
    measure("documents list, page 1, just after a write", runs, lambda n: f"{base}/documents/?{ui}", session, bump)
    measure(f"documents list, page {deep}", runs, lambda n: f"{base}/documents/?page={deep}&{ui}", session)
    measure("documents list, tags__id__all (2 tags), page 1", runs,
            lambda n: f"{base}/documents/?tags__id__all={busy[n % 50]},{busy[50 + n % 50]}&{ui}", session)  # fmt: skip
    measure("documents list, tags__id__in (3 tags), page 1", runs,
            lambda n: f"{base}/documents/?{three_tags(n)}&{ui}", session)  # fmt: skip
    # A deeper page of each filtered list, but never past its last page (a restricted user sees fewer).
    wanted = max(1, deep // 10)
    pages = [
        max(1, min(wanted, -(-session.get(f"{base}/documents/?{three_tags(n)}&page_size=1", timeout=60)
                              .json()["count"] // 25)))
        for n in range(runs + 1)
    ]  # fmt: skip
    measure(f"documents list, tags__id__in (3 tags), page <= {wanted}", runs,
            lambda n: f"{base}/documents/?{three_tags(n)}&page={pages[n]}&{ui}", session)  # fmt: skip
    measure("documents list + selection data, page 1", few,
            lambda n: f"{base}/documents/?include_selection_data=true&{ui}", session)  # fmt: skip
    measure("document detail", runs, lambda n: f"{base}/documents/{detail_ids[n]}/", session)
    measure("document thumb", runs, lambda n: f"{base}/documents/{thumbs[n % len(thumbs)]}/thumb/", session)
    measure("tags list with counts (all 500)", few, lambda n: f"{base}/tags/?page_size=100000", session)
    measure("tags list with counts, just after a write", few,
            lambda n: f"{base}/tags/?page_size=100000", session, bump)  # fmt: skip
    measure("correspondents list with counts (all 200)", few,
            lambda n: f"{base}/correspondents/?page_size=100000", session)  # fmt: skip
    measure("statistics", few, lambda n: f"{base}/statistics/", session)
    measure("statistics, just after a write", few, lambda n: f"{base}/statistics/", session, bump)


def compare(library: Library, env: dict[str, str], baseline_src: Path, runs: int) -> None:
    """Time the document list on this tree's server and on one from `baseline_src`, alternating per request."""
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    try:
        for label, src in (("baseline", baseline_src), ("this", ROOT / "src")):
            port = free_port()
            servers[label] = (start({**env, "PAPERLESS_PORT": str(port)}, port, src), f"http://127.0.0.1:{port}/api")
        ui = "truncate_content=true"
        busy = library.tag_ids[:300]
        pool = library.restricted_visible

        def two_tags(n: int) -> str:
            return f"tags__id__all={busy[n % 50]},{busy[50 + n % 50]}"

        urls: dict[str, Callable[[int], str]] = {
            "documents list, page 1": lambda n: f"documents/?{ui}",
            "documents list, page 40": lambda n: f"documents/?page=40&{ui}",
            "documents list, tags__id__all (2 tags)": lambda n: f"documents/?{two_tags(n)}&{ui}",
            "documents list, full_perms, page 2": lambda n: f"documents/?page=2&full_perms=true&{ui}",
            "document detail": lambda n: f"documents/{pool[n * 7919 % len(pool)]}/",
        }  # fmt: skip
        print(f"  {'endpoint':<44} {'viewer':10} {'baseline p50':>12} {'this p50':>9} {'this/baseline':>13}")
        for label, make_url in urls.items():
            for who, token in library.tokens.items():
                session = requests.Session()
                session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json; version=10"})
                times: dict[str, list[float]] = {name: [] for name in servers}
                for n in range(runs + 1):
                    order = list(servers.items()) if n % 2 else list(servers.items())[::-1]
                    for name, (_, base) in order:
                        elapsed = timed(session, f"{base}/{make_url(n)}")
                        if n:  # the first round warms both up
                            times[name].append(elapsed * 1000)
                old, new = (statistics.median(times[name]) for name in ("baseline", "this"))
                print(f"  {label:<44} {who:10} {old:12.2f} {new:9.2f} {new / old:13.2f}")
    finally:
        for proc, _ in servers.values():
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-analyze", action="store_true", help="leave SQLite without table statistics")
    parser.add_argument("--reuse", action="store_true", help="measure the library already built in --keep DIR")
    parser.add_argument("--keep", type=Path, help="build in (and keep) this directory instead of a temporary one")
    parser.add_argument("--baseline-src", type=Path, help="with --reuse: compare with a server run from this src tree")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="paperkeep-bench-api-"))
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(root, port)
    if args.reuse:
        library = reopen(env, args.seed)
    else:
        library = build(env, args.documents, args.seed, analyze=not args.no_analyze)
    if args.baseline_src:
        compare(library, env, args.baseline_src, args.runs)
        return
    proc = start(env, port)
    rng = random.Random(args.seed)
    base = f"http://127.0.0.1:{port}/api"
    try:
        for who, token in library.tokens.items():
            pool = library.document_ids if who == "superuser" else library.restricted_visible
            thumbs = library.thumbnails[who]
            bench_user(who, token, base, pool, thumbs, library.tag_ids[:300], args.runs, rng)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    print(f"data directory: {root}" + ("" if args.keep else " (temporary; delete it when done)"))


if __name__ == "__main__":
    main()
