"""`paperkeep serve`: prepare the database, then run the web server and the worker as one process tree.

The supervisor itself never imports Django, so it stays small; it starts
- a one-shot preparation step (`paperkeep prepare_start`: migrations, admin user),
- granian serving `paperkeep.wsgi` on PAPERLESS_BIND_ADDR:PAPERLESS_PORT,
- the Celery worker, which also runs the consume-folder watcher unless PAPERLESS_CONSUMER_DISABLE is set,
and stops all of them, grandchildren included, on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperkeep.config import Config

STOP_GRACE_SECONDS = 10.0
RESTART_WINDOW_SECONDS = 60.0
MAX_RESTARTS_IN_WINDOW = 5
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if the supervisor dies, so nothing is left orphaned."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


@dataclass
class Child:
    """One supervised process: how to start it, and its restart history."""

    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)

    def start(self, env: dict[str, str]) -> None:
        # A session of its own makes the child a process-group leader, so stopping it reaches its children too.
        self.process = subprocess.Popen(self.argv, env=env, start_new_session=True, preexec_fn=_die_with_parent)

    def signal_group(self, sig: signal.Signals) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass


def web_argv(cfg: Config) -> list[str]:
    """Return the command line for granian serving the WSGI application."""
    argv = [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", cfg.core.bind_addr,
        "--port", str(cfg.core.port),
        "--workers", str(cfg.core.webserver_workers),
        "--blocking-threads", "4",
        "--no-ws",
        "--respawn-failed-workers",
        "--log-level", "warning",
    ]
    if cfg.core.force_script_name:
        argv += ["--url-path-prefix", cfg.core.force_script_name]
    return [*argv, "paperkeep.wsgi:application"]


def worker_argv(cfg: Config) -> list[str]:
    """Return the command line for the Celery worker (solo pool for one worker: least memory)."""
    workers = cfg.tasks.task_workers
    argv = [sys.executable, "-m", "celery", "--app", "paperkeep.worker", "worker", "--loglevel", "INFO",
            "--without-mingle", "--without-gossip", "--without-heartbeat", "--hostname", "paperkeep@%h"]
    if workers <= 1:
        return [*argv, "--pool", "solo"]
    return [*argv, "--pool", "prefork", "--concurrency", str(workers), "--max-tasks-per-child", "20"]


def _port_answers(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host  # noqa: S104 (a check, not a bind)
    try:
        with socket.create_connection((target, port), timeout=0.2):
            return True
    except OSError:
        return False


class Supervisor:
    """Start, watch, restart and stop the children."""

    def __init__(self, children: Sequence[Child], env: dict[str, str]) -> None:
        self.children = list(children)
        self.env = env
        self.stopping = False

    def request_stop(self, signum: int, _frame: object) -> None:
        self.stopping = True

    def run(self, on_started: object = None) -> int:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGHUP, self.request_stop)
        for child in self.children:
            child.start(self.env)
        if callable(on_started):
            on_started()
        exit_code = 0
        while not self.stopping:
            for child in self.children:
                assert child.process is not None
                if child.process.poll() is None:
                    continue
                if not self._may_restart(child):
                    print(f"paperkeep: {child.name} keeps exiting (last exit code {child.process.returncode}); "
                          "stopping", file=sys.stderr)
                    self.stopping = True
                    exit_code = 1
                    break
                print(f"paperkeep: {child.name} exited with code {child.process.returncode}; restarting",
                      file=sys.stderr)
                child.start(self.env)
            time.sleep(0.2)
        self.stop_all()
        return exit_code

    def _may_restart(self, child: Child) -> bool:
        now = time.monotonic()
        child.restarts = [t for t in child.restarts if now - t < RESTART_WINDOW_SECONDS]
        child.restarts.append(now)
        return len(child.restarts) <= MAX_RESTARTS_IN_WINDOW

    def stop_all(self) -> None:
        for child in self.children:
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        # Whatever is still alive in any child's group (stuck OCR, a granian worker) is killed.
        for child in self.children:
            child.signal_group(signal.SIGKILL)
            if child.process is not None:
                child.process.wait()


def main(cfg: Config) -> int:
    """Prepare and run Paperkeep until stopped; return the process exit code."""
    env = dict(os.environ)
    env["PAPERKEEP_SUPERVISED"] = "1"
    prepare = subprocess.run([sys.executable, "-m", "paperkeep.cli", "prepare_start"], env=env, check=False)
    if prepare.returncode != 0:
        print("paperkeep: preparing the database failed; not starting", file=sys.stderr)
        return prepare.returncode
    if _port_answers(cfg.core.bind_addr, cfg.core.port):
        print(f"paperkeep: PAPERLESS_PORT={cfg.core.port} is already in use on {cfg.core.bind_addr}; "
              "stop the other server or choose another port", file=sys.stderr)
        return 2
    children = [Child("web server", web_argv(cfg)), Child("worker", worker_argv(cfg))]
    started = time.monotonic()

    def announce() -> None:
        while time.monotonic() - started < 30 and not _port_answers(cfg.core.bind_addr, cfg.core.port):
            time.sleep(0.05)
        host = cfg.core.bind_addr if ":" not in cfg.core.bind_addr else f"[{cfg.core.bind_addr}]"
        print(f"paperkeep: serving on http://{host}:{cfg.core.port}{cfg.core.base_url} "
              "(Ctrl-C stops everything)", flush=True)

    return Supervisor(children, env).run(on_started=announce)
