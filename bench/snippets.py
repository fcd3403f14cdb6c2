"""Benchmark search snippets on long texts (multi-page scans): a page of 25 hits, with and without highlights.

    .venv/bin/python bench/snippets.py                    # 500 documents of ~3,000 words (~20 KB) each
    .venv/bin/python bench/snippets.py --docs 1000 --words 6000

Generates its own corpus straight into a temporary index (no Django, no HTTP): every text holds "invoice" near
its start and "payment" near its end, so a two-word query finds words that never meet in one snippet window (the
case where a snippet would read the whole text), and "due date" side by side in the middle. Prints p50/p95 of
`SearchIndex.search` for a restricted viewer; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src")]

from paperkeep.search import DocRecord, SearchRequest, Viewer, open_index  # noqa: E402

QUERIES = ("invoice", "invoice payment", '"due date"', "invoice OR payment")


def text(rng: random.Random, vocabulary: list[str], count: int) -> str:
    words = [rng.choice(vocabulary) for _ in range(count)]
    words[rng.randrange(50)] = "invoice"
    words[count - 1 - rng.randrange(50)] = "payment"
    middle = count // 2 + rng.randrange(100)
    words[middle : middle + 2] = ["due", "date"]
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--words", type=int, default=3000, help="words per text")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(3)
    vocabulary = [f"w{number}" for number in range(5000)]
    viewer = Viewer(user_id=1)
    with tempfile.TemporaryDirectory(prefix="paperkeep-bench-snippets-") as folder:
        index = open_index(Path(folder), "english", "UTC")
        records = (
            DocRecord(id=i, content=text(rng, vocabulary, args.words), owner_id=1) for i in range(1, args.docs + 1)
        )
        started = time.perf_counter()
        index.rebuild(records)
        index.reload()
        print(f"{args.docs} texts of {args.words} words indexed in {time.perf_counter() - started:.1f} s")
        print(f"  {'query':22} {'with snippets p50':>18} {'p95':>7} {'without p50':>12} {'p95':>7}")
        for query in QUERIES:
            figures = []
            for highlight in (True, False):
                request = SearchRequest(viewer, query, highlight=highlight)
                index.search(request)
                samples = []
                for _ in range(args.runs):
                    begun = time.perf_counter()
                    index.search(request)
                    samples.append((time.perf_counter() - begun) * 1000)
                samples.sort()
                figures.append((statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]))
            (with_p50, with_p95), (without_p50, without_p95) = figures
            print(f"  {query:22} {with_p50:18.2f} {with_p95:7.2f} {without_p50:12.2f} {without_p95:7.2f}")


if __name__ == "__main__":
    main()
