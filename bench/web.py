"""Benchmark the web app's documents page in Chromium on a generated library of 10k documents.

    .venv/bin/python bench/web.py [--documents 10000] [--runs 5] [--keep DIR]

Builds the library with bulk_create in a fresh data directory (SQLite; 60 tags, 40 correspondents, a thumbnail
per document, half the documents owned by a restricted user), starts `paperkeep serve` on it, signs in with
Playwright and opens the documents page in several ways, each in a fresh browser context (cold cache).
Prints, per page and user, the median of: the server's own time (Django's test client in the bench process),
then in the browser time to first byte, first contentful paint, DOMContentLoaded, load, and the bytes
transferred (document + CSS + JS + images, from the Resource Timing API). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.common import SERVE, environment, start_and_wait  # noqa: E402

from tests.test_serve import free_port  # noqa: E402

WORDS = ("invoice", "contract", "meter", "insurance", "tax", "rent", "salary", "bank", "receipt", "policy",
         "statement", "renewal", "payment", "reminder", "delivery", "warranty", "pension", "doctor", "school",
         "energy", "water", "phone", "internet", "car", "repair", "travel", "ticket", "refund", "order",
         "notice")  # fmt: skip
PASSWORD = "bench-password-123"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
PAGES = {
    "documents (table)": "/documents/",
    "documents (thumbnails)": "/documents/?display=cards",
    "documents, 100 per page": "/documents/?size=100",
    "documents, tag filter": "/documents/?tag=3&tag=7&tag_mode=any",
    "documents, search 'water meter'": "/documents/?q=water+meter",
    "documents, sorted by correspondent": "/documents/?sort=correspondent__name",
    "dashboard": "/",
}
MEASURE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const resources = performance.getEntriesByType("resource");
  return {
    ttfb: nav.responseStart - nav.requestStart, fcp: paint ? paint.startTime : null,
    dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
    bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    html: nav.transferSize, resources: resources.length,
  };
}"""


def build(env: dict[str, str], documents: int, seed: int) -> None:
    """Create the library in this process, straight through the ORM."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "paperkeep.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Permission, User
    from django.core.management import call_command
    from PIL import Image

    from paperkeep.documents.models import Correspondent, Document, DocumentType, Tag
    from paperkeep.documents.storage.layout import media, thumbnail_path

    rng = random.Random(seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    alice = User.objects.create_user("alice", "alice@example.org", PASSWORD)
    alice.user_permissions.set(Permission.objects.filter(content_type__app_label="documents"))
    correspondents = Correspondent.objects.bulk_create(Correspondent(name=f"Correspondent {n:02}") for n in range(40))
    types = DocumentType.objects.bulk_create(DocumentType(name=f"Type {n:02}") for n in range(12))
    tags = Tag.objects.bulk_create(Tag(name=f"tag {n:02}", color=f"#{rng.randrange(0x1000000):06x}",
                                       is_inbox_tag=n == 0) for n in range(60))  # fmt: skip
    today = date(2025, 6, 1)
    rows = [
        Document(
            title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
            content=" ".join(rng.choice(WORDS) for _ in range(120)), mime_type="application/pdf",
            checksum=f"{n:064x}", created=today - timedelta(days=rng.randrange(3650)),
            owner_id=alice.pk if n % 2 else admin.pk,
            correspondent_id=rng.choice(correspondents).pk if rng.random() < 0.8 else None,
            document_type_id=rng.choice(types).pk if rng.random() < 0.7 else None,
            original_filename=f"scan-{n}.pdf", page_count=rng.randint(1, 6),
        )
        for n in range(documents)
    ]
    Document.objects.bulk_create(rows, batch_size=5000)
    ids = list(Document.objects.values_list("pk", flat=True))
    through = Document.tags.through
    through.objects.bulk_create((through(document_id=doc, tag_id=tag.pk) for doc in ids
                                 for tag in rng.sample(tags, rng.randint(0, 4))), batch_size=20000)  # fmt: skip
    media().ensure()
    sample = Path(env["PAPERLESS_DATA_DIR"]) / "thumb.webp"
    Image.new("RGB", (300, 420), "white").save(sample, "WEBP")
    for pk in ids:
        shutil.copyfile(sample, thumbnail_path(pk))
    from paperkeep.documents import search as documents_search

    indexed = documents_search.rebuild()
    print(f"built {len(ids)} documents (search index: {indexed}) in {time.perf_counter() - started:.0f} s")


def server_times(env: dict[str, str], runs: int) -> None:
    """Time the pages' server side alone (Django's test client in this process, no network, no browser)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "paperkeep.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    print(f"{'page':38} {'user':6} {'server':>8}  (in-process, median of {runs})")
    for username in ("admin", "alice"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, path in PAGES.items():
            client.get(path)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                assert client.get(path).status_code == 200
                times.append((time.perf_counter() - started) * 1000)
            print(f"{name:38} {username:6} {statistics.median(times):6.0f}ms")


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return start_and_wait(SERVE, env, port, timeout=90)


def signed_in_state(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    state = context.storage_state()
    context.close()
    return state


def measure(browser: Any, base: str, state: Any, path: str) -> dict[str, float]:
    """Open one page in a fresh context (cold cache, signed in) and read the browser's timings."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, storage_state=state)
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    page.wait_for_timeout(300)  # let lazy images in view finish
    result: dict[str, float] = page.evaluate(MEASURE)
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="use (and keep) this folder instead of a temporary one")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="paperkeep-bench-web-"))
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(root, port)
    if not (root / "data" / "db.sqlite3").exists():
        build(env, args.documents, args.seed)
    server_times(env, args.runs)
    proc = start(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=CHROMIUM_ARGS)  # fmt: skip
            print(f"{'page':38} {'user':6} {'TTFB':>7} {'FCP':>7} {'DCL':>7} {'load':>7} {'KB':>7} {'HTML KB':>8}")
            for user in ("admin", "alice"):
                state = signed_in_state(browser, base, user)
                for name, path in PAGES.items():
                    measure(browser, base, state, path)  # warm the server's caches once
                    runs = [measure(browser, base, state, path) for _ in range(args.runs)]

                    def median(key: str, runs: list[dict[str, float]] = runs) -> float:
                        return statistics.median(r[key] or 0 for r in runs)

                    print(f"{name:38} {user:6} {median('ttfb'):6.0f}ms {median('fcp'):6.0f}ms "
                          f"{median('dcl'):6.0f}ms {median('load'):6.0f}ms {median('bytes') / 1024:7.1f} "
                          f"{median('html') / 1024:8.1f}")  # fmt: skip
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
