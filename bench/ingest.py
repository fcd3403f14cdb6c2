"""Benchmark ingest end to end through a real `paperkeep serve` (web server + Celery worker):

- born-digital documents per minute: from the first upload to the last task's success;
- OCR seconds per page for scanned pages, against bare `tesseract` on the same images (the floor);
- peak RSS of the worker and of the whole process tree.

    .venv/bin/python bench/ingest.py [--born-digital 60] [--scans 4] [--keep DIR]

The corpus comes from bench/corpus.py (letters and invoices of 1-3 pages, 300 dpi scans). Prints figures only;
asserts nothing about time. Paperless-ngx 3.0.5 on this machine kind: about 31 born-digital documents per minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cmdline, free_port, process_tree
from bench.corpus import CorpusDoc, born_digital, scanned

USER, PASSWORD = "bench", "bench-password-0123"
PAPERLESS_BORN_DIGITAL_PER_MINUTE = 31


def status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """`paperkeep serve` in a private folder, with an admin user for Basic auth."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        root.mkdir(parents=True, exist_ok=True)
        (root / "paperless.conf").write_text("")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERLESS_")}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env.update(
            PAPERLESS_CONFIGURATION_PATH=str(root / "paperless.conf"), PAPERLESS_DATA_DIR=str(root / "data"),
            PAPERLESS_MEDIA_ROOT=str(root / "media"), PAPERLESS_CONSUMPTION_DIR=str(root / "consume"),
            PAPERLESS_SCRATCH_DIR=str(root / "scratch"), PAPERLESS_LOGGING_DIR=str(root / "log"),
            PAPERLESS_PORT=str(self.port), PAPERLESS_BIND_ADDR="127.0.0.1", PAPERLESS_ADMIN_USER=USER,
            PAPERLESS_ADMIN_PASSWORD=PASSWORD, PAPERLESS_SECRET_KEY="bench-secret-key-0123456789abcdefghij",
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json; version=10"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.root / "serve.log").open("wb")
        self.process = subprocess.Popen([sys.executable, "-m", "paperkeep.cli", "serve"], env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if "Authorization" not in self.session.headers:
                    self._login()
                if self.session.get(f"{self.base}/api/tasks/", timeout=2).status_code == 200 and self.worker_pid():
                    time.sleep(3)  # let the worker finish starting (recovery, folder watcher)
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"paperkeep serve exited; see {self.root / 'serve.log'}")
            time.sleep(0.2)
        raise SystemExit("paperkeep serve did not answer within 120 s")

    def _login(self) -> None:
        """Get an API token once (clients use tokens; Basic auth would hash the password on every request)."""
        response = requests.post(f"{self.base}/api/token/", data={"username": USER, "password": PASSWORD}, timeout=10)
        if response.status_code == 200:
            self.session.headers["Authorization"] = f"Token {response.json()['token']}"

    def worker_pid(self) -> int | None:
        assert self.process is not None
        for pid in process_tree(self.process.pid):
            if "celery" in cmdline(pid) and " worker" in cmdline(pid):
                return pid
        return None

    def upload(self, path: Path) -> str:
        with path.open("rb") as handle:
            response = self.session.post(f"{self.base}/api/documents/post_document/",
                                         files={"document": (path.name, handle)}, timeout=60)  # fmt: skip
        response.raise_for_status()
        return str(response.json())

    def tasks(self) -> dict[str, dict[str, Any]]:
        response = self.session.get(f"{self.base}/api/tasks/", params={"page_size": 100000}, timeout=30)
        response.raise_for_status()
        return {task["task_id"]: task for task in response.json()["results"]}

    def wait_done(self, task_ids: list[str], timeout: float) -> dict[str, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            tasks = self.tasks()
            if all(tasks.get(t, {}).get("status") in ("success", "failure") for t in task_ids):
                return tasks
            time.sleep(0.05)
        raise SystemExit("tasks did not finish in time")

    def peak_rss(self) -> tuple[int, int]:
        """Return (worker's peak RSS, sum of the peak RSS of every process in the tree), in KiB."""
        assert self.process is not None
        pids = process_tree(self.process.pid)
        worker = self.worker_pid()
        return (status_kib(worker, "VmHWM") if worker else 0), sum(status_kib(pid, "VmHWM") for pid in pids)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def parser_alone_seconds(scans: list[CorpusDoc]) -> float:
    """Time the parser by itself (default OCR settings), in this process, on the same pages."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from paperkeep.parsers import ParseOptions, get_parser

    parser = get_parser("image/png")
    assert parser is not None
    with tempfile.TemporaryDirectory() as work:  # warm up: imports and first-use costs, as a running worker has
        parser.parse(Path(scans[0].path), "image/png", ParseOptions(), Path(work))
    started = time.perf_counter()
    for doc in scans:
        with tempfile.TemporaryDirectory() as work:
            parser.parse(Path(doc.path), "image/png", ParseOptions(), Path(work))
    return time.perf_counter() - started


def bare_tesseract_seconds(scans: list[CorpusDoc]) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    started = time.perf_counter()
    for doc in scans:
        subprocess.run(["tesseract", doc.path, "stdout", "-l", "eng"], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark ingest end to end.")
    parser.add_argument("--born-digital", type=int, default=60)
    parser.add_argument("--scans", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="paperkeep-bench-ingest-"))
    root.mkdir(parents=True, exist_ok=True)
    born = born_digital(root / "corpus" / "born-digital", args.born_digital, seed=7)
    scans = scanned(root / "corpus" / "scans", args.scans, seed=7)
    pages = sum(doc.pages for doc in born)
    print(f"corpus: {len(born)} born-digital documents ({pages} pages), {len(scans)} scanned pages at 300 dpi")
    server = Server(root / "instance")
    server.start()
    try:
        started = time.perf_counter()
        ids = [server.upload(Path(doc.path)) for doc in born]
        uploaded = time.perf_counter() - started
        tasks = server.wait_done(ids, timeout=1800)
        elapsed = time.perf_counter() - started
        failed = [t for t in ids if tasks[t]["status"] != "success"]
        per_doc = [tasks[t]["duration_seconds"] for t in ids if tasks[t]["duration_seconds"] is not None]
        print(f"born-digital: {len(ids)} documents in {elapsed:.1f} s (uploads took {uploaded:.1f} s), "
              f"{len(failed)} failed")  # fmt: skip
        rate = len(ids) / elapsed * 60
        print(f"  {rate:.0f} documents per minute end to end "
              f"({rate / PAPERLESS_BORN_DIGITAL_PER_MINUTE:.1f}x Paperless-ngx's ~31/min); "
              f"worker time per document: median {statistics.median(per_doc):.3f} s")  # fmt: skip
        scan_ids = [server.upload(Path(doc.path)) for doc in scans]
        scan_tasks = server.wait_done(scan_ids, timeout=1800)
        ocr_total = sum(scan_tasks[t]["duration_seconds"] or 0 for t in scan_ids)
        worker_kib, tree_kib = server.peak_rss()
    finally:
        server.stop()
    try:
        bare = bare_tesseract_seconds(scans)
        alone = parser_alone_seconds(scans)
        n = len(scans)
        print(f"OCR: {ocr_total / n:.2f} s per page through the pipeline (PDF/A archive and thumbnail included); "
              f"the parser alone {alone / n:.2f} s; bare tesseract {bare / n:.2f} s; "
              f"pipeline/tesseract {ocr_total / bare:.2f}x")
        print(f"peak RSS: worker {worker_kib / 1024:.0f} MiB; whole tree (sum of peaks) {tree_kib / 1024:.0f} MiB")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
