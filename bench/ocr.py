"""Benchmark OCR per page: bare `tesseract` (the floor) against our image parser, in one interleaved run.

    .venv/bin/python bench/ocr.py [--pages 6] [--rounds 3] [--turned 2] [--multipage 4] [--before] [--omp]
                                  [--scan-format png|jpg|pdf] [--keep DIR]

The pages are bench/corpus.py's scans (A4 at 300 dpi, slightly skewed, noisy; PNG unless --scan-format says
otherwise); `--turned` adds PNG pages of the same kind lying upside down or on their side. For every page and
round it times, in rotating order:

- ``tesseract``: ``tesseract PAGE OUT -l eng pdf txt`` with OMP_THREAD_LIMIT=1 (the floor; for PDF scans it
  reads the PNG of the same page: same text, skew and noise level);
- ``defaults``: the parser with Paperless's defaults (clean, deskew, rotate pages, PDF/A archive);
- ``off``: the parser with clean, deskew and rotate pages off (PDF/A archive still made);
- ``before`` (with --before): the defaults through OCRmyPDF's own clean-up, as before fastocr;
- ``tess-omp`` (with --omp): bare tesseract with OMP_THREAD_LIMIT unset (libtesseract is built with OpenMP).

It prints median and p95 seconds per page, each variant's ratio to tesseract (ratio of medians, and the median
of per-page ratios, page and round paired), the median CPU seconds (all threads and child processes; on a
shared machine the wall-clock ratio moves with the load, the CPU ratio much less) and its ratio, and how many
of each page's known words the text contains. With
--multipage it also times one TIFF of that many pages (seconds per page; tesseract is run page after page). The
parser uses PAPERLESS_THREADS_PER_WORKER's default (all cores for one worker). The machine may be shared:
compare ratios within one run. Prints figures only; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from bench.corpus import CorpusDoc, scanned
from PIL import Image

from paperkeep.parsers import ParseOptions, detect_mime, fastocr, get_parser

TURNS = (180, 90, 270)


@dataclass(frozen=True)
class Page:
    path: Path
    words: tuple[str, ...]
    group: str  # "upright" or "turned"
    image: Path  # what bare tesseract reads: the page itself, or for a PDF the PNG of the same page


def make_pages(root: Path, count: int, turned: int, seed: int, fmt: str = "png") -> list[Page]:
    """Write ``count`` corpus scans, and ``turned`` more (PNG) turned by 180, 90 or 270 degrees."""
    docs: list[CorpusDoc] = scanned(root / "scans", count + turned, seed=seed)
    pages = [Page(Path(doc.path), doc.words, "upright", Path(doc.path)) for doc in docs[:count]]
    if fmt != "png":
        others = scanned(root / f"scans-{fmt}", count, seed=seed, fmt=fmt)
        pages = [Page(Path(doc.path), doc.words, "upright", page.path if fmt == "pdf" else Path(doc.path))
                 for doc, page in zip(others, pages, strict=True)]
    for index, doc in enumerate(docs[count:]):
        turn = TURNS[index % len(TURNS)]
        path = root / "scans" / f"turned-{turn}-{index:02d}.png"
        with Image.open(doc.path) as im:
            im.rotate(turn, expand=True).save(path, dpi=im.info.get("dpi", (300, 300)))
        pages.append(Page(path, doc.words, "turned", path))
    return pages


def bare_tesseract(path: Path, work: Path) -> str:
    """Run ``tesseract PAGE OUT -l eng pdf txt`` single-threaded; return the text."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", str(path), str(work / "out"), "-l", "eng", "pdf", "txt"], env=env, check=True,
                   capture_output=True)
    return (work / "out.txt").read_text("utf-8")


def bare_tesseract_omp(path: Path, work: Path) -> str:
    """The same run with OpenMP free to use every core (OMP_THREAD_LIMIT unset), for comparison."""
    env = {key: value for key, value in os.environ.items() if key != "OMP_THREAD_LIMIT"}
    subprocess.run(["tesseract", str(path), str(work / "out"), "-l", "eng", "pdf", "txt"], env=env, check=True,
                   capture_output=True)
    return (work / "out.txt").read_text("utf-8")


def parser_run(options: ParseOptions, fast: bool = True) -> Callable[[Path, Path], str]:
    parser = get_parser("image/png")
    assert parser is not None

    def run(path: Path, work: Path) -> str:
        applies = fastocr.applies
        if not fast:  # the "before" variant: OCRmyPDF's own clean-up passes
            fastocr.applies = lambda *args: False  # type: ignore[assignment]
        try:
            return parser.parse(path, detect_mime(path), options, work).text
        finally:
            fastocr.applies = applies  # type: ignore[assignment]

    return run


def timed(run: Callable[[Path, Path], str], path: Path) -> tuple[float, float, str]:
    """Run once in a fresh work folder; return the seconds, the CPU seconds (all threads and child processes,
    user and system) and the text."""
    with tempfile.TemporaryDirectory(prefix="paperkeep-bench-ocr-") as work:
        cpu, started = _cpu(), time.perf_counter()
        text = run(path, Path(work))
        return time.perf_counter() - started, _cpu() - cpu, text


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def found(text: str, words: tuple[str, ...]) -> int:
    lowered = text.lower()
    return sum(word.lower() in lowered for word in words)


Result = dict[str, dict[tuple[int, int], tuple[float, float, int]]]


def measure(pages: list[Page], variants: dict[str, Callable[[Path, Path], str]], rounds: int) -> Result:
    """Return variant -> (page, round) -> (seconds, CPU seconds, words found); variants in rotating order."""
    names = list(variants)
    results: Result = {name: {} for name in names}
    for round_no in range(rounds):
        for index, page in enumerate(pages):
            shift = (index + round_no) % len(names)
            for name in names[shift:] + names[:shift]:
                seconds, cpu, text = timed(variants[name], page.image if name.startswith("tess") else page.path)
                results[name][(index, round_no)] = (seconds, cpu, found(text, page.words))
    return results


def report(title: str, pages: list[Page], results: Result) -> None:
    keys = list(results["tesseract"])
    floor = results["tesseract"]
    words = sum(len(pages[index].words) for index, _ in keys)
    print(f"\n{title}: {len({index for index, _ in keys})} pages x {len({r for _, r in keys})} rounds")
    print(f"  {'variant':10s} {'median s':>9s} {'p95 s':>7s} {'x tess':>7s} {'paired x':>9s} {'cpu s':>6s} "
          f"{'cpu x':>6s} {'words found':>12s}")
    base = statistics.median(floor[key][0] for key in keys)
    cpu_base = statistics.median(floor[key][1] for key in keys)
    for name, per_key in results.items():
        seconds = [per_key[key][0] for key in keys]
        paired = statistics.median(per_key[key][0] / floor[key][0] for key in keys)
        hits = sum(per_key[key][2] for key in keys)
        cpu = statistics.median(per_key[key][1] for key in keys)
        print(f"  {name:10s} {statistics.median(seconds):9.2f} {p95(seconds):7.2f} "
              f"{statistics.median(seconds) / base:7.2f} {paired:9.2f} {cpu:6.2f} {cpu / cpu_base:6.2f} "
              f"{hits:>6d}/{words:<5d}")


def multipage(root: Path, pages: list[Page], count: int, options: ParseOptions) -> None:
    chosen = [page for page in pages if page.group == "upright"][:count]
    frames = [Image.open(page.image).convert("L") for page in chosen]
    tiff = root / "multipage.tiff"
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300), compression="tiff_deflate")
    bare = bare_cpu = 0.0
    for page in chosen:
        seconds, cpu, _ = timed(bare_tesseract, page.image)
        bare, bare_cpu = bare + seconds, bare_cpu + cpu
    ours, ours_cpu, text = timed(parser_run(options), tiff)
    hits = sum(found(text, page.words) for page in chosen)
    total = sum(len(page.words) for page in chosen)
    print(f"\nmultipage TIFF of {len(chosen)} pages, threads={options.threads}: "
          f"defaults {ours / len(chosen):.2f} s/page, "
          f"tesseract page after page {bare / len(chosen):.2f} s/page, ratio {ours / bare:.2f}; CPU s/page "
          f"{ours_cpu / len(chosen):.2f} against {bare_cpu / len(chosen):.2f}; "
          f"words found {hits}/{total}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=6, help="upright scanned pages (default 6)")
    parser.add_argument("--rounds", type=int, default=3, help="times each page is run per variant (default 3)")
    parser.add_argument("--turned", type=int, default=2, help="extra pages turned by 180/90/270 degrees (default 2)")
    parser.add_argument("--multipage", type=int, default=0, help="also time a TIFF of this many pages")
    parser.add_argument("--before", action="store_true", help="also time OCRmyPDF's own clean-up passes")
    parser.add_argument("--omp", action="store_true", help="also time bare tesseract with OpenMP on all cores")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="threads per worker (default: cores)")
    parser.add_argument("--scan-format", choices=("png", "jpg", "pdf"), default="png", help="upright pages' format")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="paperkeep-bench-ocr-"))
    try:
        pages = make_pages(root, args.pages, args.turned, args.seed, args.scan_format)
        defaults = ParseOptions(threads=args.threads)
        variants = {
            "tesseract": bare_tesseract,
            "defaults": parser_run(defaults),
            "off": parser_run(replace(defaults, clean="none", deskew=False, rotate_pages=False)),
        }
        if args.before:
            variants["before"] = parser_run(defaults, fast=False)
        if args.omp:
            variants["tess-omp"] = bare_tesseract_omp
        for name, run in variants.items():  # warm up: imports and first-use costs, as a running worker has them
            timed(run, pages[0].image if name.startswith("tess") else pages[0].path)
        print(f"{len(pages)} pages of 2480 x 3508 pixels (A4, 300 dpi), upright ones as {args.scan_format}; "
              f"threads per worker {args.threads}; "
              f"load average {os.getloadavg()[0]:.1f}")
        results = measure(pages, variants, args.rounds)
        report("upright pages", pages, _subset(results, pages, "upright"))
        if args.turned:
            report("turned pages (180, 90, 270 degrees)", pages, _subset(results, pages, "turned"))
        if args.multipage:
            multipage(root, pages, args.multipage, defaults)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _subset(results: Result, pages: list[Page], group: str) -> Result:
    return {name: {key: value for key, value in per_key.items() if pages[key[0]].group == group}
            for name, per_key in results.items()}


if __name__ == "__main__":
    raise SystemExit(main())
