"""Helpers the benchmarks share: a free port, a private Paperkeep environment, starting a server, process trees."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_tree(pid: int) -> list[int]:
    """Return pid and the pids of every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [pid], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ").strip()
    except OSError:
        return "?"


def environment(root: Path, port: int, **extra: str) -> dict[str, str]:
    """The process environment for a Paperkeep whose folders all live under `root`, on `port`, no consume folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERLESS_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for folder in ("data", "media", "consume"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "paperless.conf").touch()
    env.update(
        PAPERLESS_CONFIGURATION_PATH=str(root / "paperless.conf"),
        PAPERLESS_DATA_DIR=str(root / "data"),
        PAPERLESS_MEDIA_ROOT=str(root / "media"),
        PAPERLESS_CONSUMPTION_DIR=str(root / "consume"),
        PAPERLESS_SECRET_KEY="bench-secret-key-0123456789abcdef",
        PAPERLESS_PORT=str(port),
        PAPERLESS_CONSUMER_DISABLE="true",
        **extra,
    )
    return env


def start_and_wait(argv: list[str], env: dict[str, str], port: int, timeout: float = 120) -> subprocess.Popen[bytes]:
    """Start a server process and return once its health check answers on `port`."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except (requests.ConnectionError, requests.Timeout):
            if proc.poll() is not None:
                raise SystemExit(f"{argv[-1]} exited with {proc.returncode}") from None
            time.sleep(0.1)
    raise SystemExit(f"{argv[-1]} did not answer within {timeout:.0f} s")


SERVE = [sys.executable, "-m", "paperkeep.cli", "serve"]
