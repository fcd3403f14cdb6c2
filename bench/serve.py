"""Benchmark the embedded runtime: start to first HTTP answer, and idle memory of the whole `paperkeep serve` tree.

    .venv/bin/python bench/serve.py [--runs 5] [--idle-seconds 10]

The first start runs on an empty data directory (migrations included); later starts reuse it, as a restart does.
Prints figures only; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cmdline, free_port, process_tree


def rss_kib(pid: int) -> tuple[int, int]:
    """Return (RSS, PSS) in KiB of one process; PSS shares common pages fairly between processes."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def start_and_time(env: dict[str, str], port: int) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "paperkeep.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc, time.perf_counter() - started
        except (requests.ConnectionError, requests.Timeout):
            if proc.poll() is not None:
                raise SystemExit(f"paperkeep serve exited with {proc.returncode}") from None
            time.sleep(0.02)


def use_once(port: int) -> None:
    """Sign in through the login form, open the main pages, and read the main API lists with a token."""
    base = f"http://127.0.0.1:{port}"
    browser = requests.Session()
    browser.get(f"{base}/accounts/login/", timeout=30)
    browser.post(f"{base}/accounts/login/", data={"login": "admin", "password": "bench-password"},
                 headers={"X-CSRFToken": browser.cookies.get("csrftoken", ""), "Referer": f"{base}/accounts/login/"},
                 timeout=30)
    for path in ("/", "/documents/", "/manage/", "/tasks/", "/accounts/profile/"):
        browser.get(base + path, timeout=30)
    token = requests.post(f"{base}/api/token/", data={"username": "admin", "password": "bench-password"},
                          timeout=30).json()["token"]
    api = {"Authorization": f"Token {token}", "Accept": "application/json; version=9"}
    for path in ("/api/documents/", "/api/tags/", "/api/ui_settings/", "/api/statistics/",
                 "/api/documents/?query=invoice", "/api/search/autocomplete/?term=inv"):
        requests.get(base + path, headers=api, timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--worker-idle-timeout", type=int, default=60,
                        help="PAPERLESS_WORKER_IDLE_TIMEOUT; measure after more idle seconds than this to see the "
                             "tree without its on-demand worker")
    parser.add_argument("--after-use", action="store_true",
                        help="before measuring memory, sign in and open the main pages and API lists once, as a "
                             "first visitor would (idle after use rather than idle after start)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="paperkeep-bench-serve-"))
    (root / "paperless.conf").touch()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERLESS_")}
    env.update(PAPERLESS_CONFIGURATION_PATH=str(root / "paperless.conf"), PAPERLESS_DATA_DIR=str(root / "data"),
               PAPERLESS_MEDIA_ROOT=str(root / "media"), PAPERLESS_CONSUMPTION_DIR=str(root / "consume"),
               PAPERLESS_PORT=str(port), PAPERLESS_ADMIN_USER="admin", PAPERLESS_ADMIN_PASSWORD="bench-password",
               PAPERLESS_WORKER_IDLE_TIMEOUT=str(args.worker_idle_timeout))
    times = []
    for run in range(args.runs + 1):
        proc, seconds = start_and_time(env, port)
        label = "first start (empty data dir, migrations)" if run == 0 else f"restart {run}"
        print(f"{label}: first HTTP answer after {seconds:.2f} s")
        if run > 0:
            times.append(seconds)
        if run == args.runs:
            if args.after_use:
                use_once(port)
            time.sleep(args.idle_seconds)
            total_rss = total_pss = 0
            print(f"idle tree after {args.idle_seconds:.0f} s:")
            for pid in process_tree(proc.pid):
                rss, pss = rss_kib(pid)
                total_rss += rss
                total_pss += pss
                print(f"  {pid:>7}  RSS {rss / 1024:7.1f} MiB  PSS {pss / 1024:7.1f} MiB  {cmdline(pid)[:90]}")
            print(f"idle tree total: RSS {total_rss / 1024:.1f} MiB, PSS {total_pss / 1024:.1f} MiB")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    print(f"restart to first HTTP answer: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"over {len(times)} restarts")


if __name__ == "__main__":
    main()
