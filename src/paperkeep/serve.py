"""`paperkeep serve`: run the web server and the worker as one process tree.

This process never imports Django, so it stays small. It is granian's main process: granian's web worker
prepares the database (migrations, static files, first admin; see `paperkeep.startup`) and then serves
`paperkeep.wsgi` on PAPERLESS_BIND_ADDR:PAPERLESS_PORT. A thread keeps the Celery worker (which also watches
the consume folder) running; without Redis it starts the worker when there is work and lets it exit after
PAPERLESS_WORKER_IDLE_TIMEOUT idle seconds. On Ctrl-C or SIGTERM everything stops, grandchildren included.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from paperkeep import schedule
from paperkeep.config import Config

STOP_GRACE_SECONDS = 10.0
RESTART_WINDOW_SECONDS = 60.0
MAX_CRASHES_IN_WINDOW = 5
TICK_MS = 500
_PR_SET_PDEATHSIG = 1
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class _WakefulEvent(threading.Event):
    """An Event whose endless wait wakes twice a second, so the main thread runs pending signal handlers.

    The kernel may deliver SIGTERM to any thread of this process. Python then only sets a flag, and a main thread
    asleep in a lock never sees it: `paperkeep serve` would ignore the signal. Waking up now and then closes that gap.
    """

    def wait(self, timeout: float | None = None) -> bool:
        if timeout is not None:
            return super().wait(timeout)
        while not super().wait(TICK_MS / 1000):
            pass
        return True


def _die_with_parent() -> None:
    """In the child, before exec: take stop signals again, and get SIGTERM if the supervisor dies (no orphans)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def follow_supervisor() -> None:
    """In the web worker: stop when the supervisor dies, even by SIGKILL, instead of serving on as an orphan."""
    _die_with_parent()
    if os.getppid() == 1:  # it died before we could ask
        os.kill(os.getpid(), signal.SIGTERM)


def worker_argv(cfg: Config) -> list[str]:
    """Return the command line for the Celery worker (solo pool for one worker: least memory)."""
    workers = cfg.tasks.task_workers
    argv = [sys.executable, "-m", "celery", "--app", "paperkeep.worker", "worker", "--loglevel", "INFO",
            "--without-mingle", "--without-gossip", "--without-heartbeat", "--hostname", "paperkeep@%h"]
    if workers <= 1:
        return [*argv, "--pool", "solo"]
    return [*argv, "--pool", "prefork", "--concurrency", str(workers), "--max-tasks-per-child", "20"]


def port_answers(host: str, port: int) -> bool:
    """Return whether something accepts TCP connections on host:port."""
    target = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host  # noqa: S104 (a check, not a bind)
    try:
        with socket.create_connection((target, port), timeout=0.2):
            return True
    except OSError:
        return False


class WorkerKeeper(threading.Thread):
    """Keep the Celery worker process running, or, on demand, running while there is work."""

    def __init__(self, cfg: Config, env: dict[str, str], on_give_up: Callable[[], None]) -> None:
        super().__init__(name="paperkeep-worker-keeper", daemon=True)
        self.cfg = cfg
        self.argv = worker_argv(cfg)
        self.env = env
        self.on_give_up = on_give_up
        self.idle_timeout = 0 if cfg.tasks.redis else cfg.tasks.worker_idle_timeout
        self.queue_dir = Path(cfg.paths.data_dir) / "queue"
        self.consume_rules = None
        if not cfg.consumer.disable:
            from paperkeep.ingest.sources.folder_rules import FolderRules

            self.consume_rules = FolderRules.from_config(Path(cfg.paths.consumption_dir), cfg.consumer)
        self.jobs = schedule.jobs_from_config(cfg) if self.on_demand else ()
        self.state_file = schedule.state_path(cfg.paths.data_dir)
        self.started_for: datetime | None = None  # the due time the worker was last started for
        self.process: subprocess.Popen[bytes] | None = None
        self.crashes: list[float] = []
        self.stopping = threading.Event()
        self.gave_up = False

    @property
    def on_demand(self) -> bool:
        return self.idle_timeout > 0

    def pending_work(self) -> bool:
        """Return whether a queued message or a consume-folder input is waiting."""
        try:
            if any(entry.is_file() for entry in os.scandir(self.queue_dir)):
                return True
        except FileNotFoundError:
            pass
        return self.consume_rules is not None and bool(self.consume_rules.scan())

    def job_due(self) -> bool:
        """Return whether a scheduled job's time has come (once per due time, so a failing job causes no loop)."""
        now = datetime.now(UTC)
        try:
            due = schedule.next_due(self.jobs, schedule.load_state(self.state_file), now)
        except Exception:  # the keeper must keep running whatever the schedule file holds; the worker logs it
            return False
        if due is None or due.at > now or due.at == self.started_for:
            return False
        self.started_for = due.at
        return True

    def start_worker(self) -> None:
        self.env["PAPERKEEP_WORKER_IDLE_TIMEOUT"] = str(self.idle_timeout)
        self.process = subprocess.Popen(self.argv, env=self.env, start_new_session=True,
                                        preexec_fn=_die_with_parent)

    def run(self) -> None:
        # Stop signals are for the main thread (and threads started from here, watchfiles' included, inherit this).
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        # The web worker migrates first; the worker starts once it answers (and at least once: it recovers tasks
        # a crash left behind, then idles out if nothing is waiting).
        _announce_when_ready(self.cfg, self.stopping)
        if self.stopping.is_set():
            return
        self.start_worker()
        if self.on_demand:
            self._watch_for_work()
        else:
            while not self.stopping.wait(TICK_MS / 1000):
                self._check_worker()

    def _watch_for_work(self) -> None:
        import watchfiles

        self.queue_dir.mkdir(parents=True, exist_ok=True)
        paths = [self.queue_dir]
        if self.consume_rules is not None:
            self.consume_rules.root.mkdir(parents=True, exist_ok=True)
            paths.append(self.consume_rules.root)
        for changes in watchfiles.watch(*paths, watch_filter=None, stop_event=self.stopping, rust_timeout=TICK_MS,
                                        yield_on_timeout=True, raise_interrupt=False, debounce=100):
            exited_idle = self._check_worker()
            if self.process is not None and self.process.poll() is None:
                continue
            if ((changes or exited_idle) and self.pending_work()) or (self.jobs and self.job_due()):
                self.start_worker()

    def _check_worker(self) -> bool:
        """Restart a crashed worker; return True when it just exited by itself for being idle."""
        if self.process is None or self.process.poll() is None or self.stopping.is_set():
            return False
        code = self.process.returncode
        self.process = None
        if code == 0 and self.on_demand:
            return True
        now = time.monotonic()
        self.crashes = [t for t in self.crashes if now - t < RESTART_WINDOW_SECONDS] + [now]
        if len(self.crashes) > MAX_CRASHES_IN_WINDOW:
            print(f"paperkeep: the worker keeps exiting (last exit code {code}); stopping", file=sys.stderr)
            self.gave_up = True
            self.stopping.set()
            self.on_give_up()
            return False
        print(f"paperkeep: the worker exited with code {code}; restarting it", file=sys.stderr)
        self.start_worker()
        return False

    def stop(self) -> None:
        """Stop watching, then stop the worker and everything it started."""
        self.stopping.set()
        if self.is_alive():
            self.join(5)
        process = self.process
        if process is None:
            return
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process.pid, signal.SIGKILL)  # a stuck OCR run, or whatever the worker left
        process.wait()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def health_answers(host: str, port: int, path: str) -> bool:
    """Return whether GET `path` answers 200 (a raw request: http.client would cost this process ~5 MiB)."""
    try:
        with socket.create_connection((host, port), timeout=5) as sock:
            # "localhost" is always among the allowed hosts (see the PAPERLESS_ALLOWED_HOSTS setting).
            sock.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
            status = sock.recv(64).split(b"\r\n", 1)[0].split()
    except OSError:
        return False
    return len(status) >= 2 and status[1] == b"200"


def _announce_when_ready(cfg: Config, stopping: threading.Event) -> None:
    """Wait until the web server answers its health check (so migrations are done), then say where it is."""
    host = cfg.core.bind_addr if ":" not in cfg.core.bind_addr else f"[{cfg.core.bind_addr}]"
    local = "127.0.0.1" if cfg.core.bind_addr in ("0.0.0.0", "::") else cfg.core.bind_addr  # noqa: S104
    deadline = time.monotonic() + 120
    while not stopping.is_set() and time.monotonic() < deadline:
        if health_answers(local, cfg.core.port, f"{cfg.core.base_url}healthz"):
            break
        stopping.wait(0.05)
    else:
        return
    print(f"paperkeep: serving on http://{host}:{cfg.core.port}{cfg.core.base_url} (Ctrl-C stops everything)",
          flush=True)


def web_server(cfg: Config, after_spawn: Callable[[], None]) -> Any:
    """Return granian's server for the WSGI application; `after_spawn` runs once its workers are started."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    class PaperkeepServer(Server):  # type: ignore[misc,valid-type]
        # Threads of ours start only after granian forked its workers, so no fork happens with them running
        # (granian forks again only to replace a crashed web worker).
        def _spawn_workers(self, spawn_target: Any, target_loader: Any) -> None:
            super()._spawn_workers(spawn_target, target_loader)
            after_spawn()

    server = PaperkeepServer(
        target="paperkeep.wsgi:application",
        address=cfg.core.bind_addr,
        port=cfg.core.port,
        interface=Interfaces.WSGI,
        workers=cfg.core.webserver_workers,
        blocking_threads=4,
        websockets=False,
        respawn_failed_workers=True,
        log_level=LogLevels.warning,
        url_path_prefix=cfg.core.force_script_name,
        workers_kill_timeout=int(STOP_GRACE_SECONDS),
    )
    server.main_loop_interrupt = _WakefulEvent()
    return server


def main(cfg: Config) -> int:
    """Run Paperkeep until stopped; return the process exit code."""
    os.environ["PAPERKEEP_SUPERVISED"] = "1"
    os.environ["PAPERKEEP_PREPARE_ON_START"] = "1"
    if port_answers(cfg.core.bind_addr, cfg.core.port):
        print(f"paperkeep: PAPERLESS_PORT={cfg.core.port} is already in use on {cfg.core.bind_addr}; "
              "stop the other server or choose another port", file=sys.stderr)
        return 2
    keeper_env = {k: v for k, v in os.environ.items() if k != "PAPERKEEP_PREPARE_ON_START"}
    holder: dict[str, WorkerKeeper] = {}

    def start_keeper() -> None:
        if "keeper" not in holder:
            holder["keeper"] = WorkerKeeper(cfg, keeper_env, on_give_up=server.signal_handler_interrupt)
            holder["keeper"].start()

    server = web_server(cfg, start_keeper)
    code = 0
    try:
        server.serve()  # blocks until SIGINT/SIGTERM; granian installs its own signal handlers
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        keeper = holder.get("keeper")
        if keeper is not None:
            keeper.stop()
    return 1 if keeper is not None and keeper.gave_up else code
