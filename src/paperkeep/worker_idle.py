"""Let an embedded worker exit when it has had nothing to do for a while; `paperkeep serve` restarts it on demand.

Active only when `paperkeep serve` sets PAPERKEEP_WORKER_IDLE_TIMEOUT (no Redis, PAPERLESS_WORKER_IDLE_TIMEOUT
above zero). The worker counts as busy while a task runs, while a message waits in the queue folder, and while
the consume-folder watcher is waiting for a file to become stable.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from celery.signals import task_postrun, task_prerun, worker_ready

logger = logging.getLogger(__name__)

_active = 0
_lock = threading.Lock()


@task_prerun.connect
def _task_started(**_kwargs: Any) -> None:
    global _active
    with _lock:
        _active += 1


@task_postrun.connect
def _task_finished(**_kwargs: Any) -> None:
    global _active
    with _lock:
        _active -= 1


def _queue_has_messages(queue_dir: Path) -> bool:
    try:
        return any(entry.is_file() for entry in os.scandir(queue_dir))
    except FileNotFoundError:
        return False


def _watcher_waiting() -> bool:
    from paperkeep.tasks import lifecycle

    watcher = lifecycle._watcher
    return watcher is not None and len(watcher.tracker) > 0


def busy(queue_dir: Path) -> bool:
    """Return whether the worker has something to do now or about to arrive."""
    return _active > 0 or _queue_has_messages(queue_dir) or _watcher_waiting()


def _monitor(timeout: float, queue_dir: Path) -> None:
    idle_since = time.monotonic()
    while True:
        time.sleep(1.0)
        now = time.monotonic()
        if busy(queue_dir):
            idle_since = now
        elif now - idle_since >= timeout:
            logger.info("Nothing to do for %.0f s; the worker exits until there is work", timeout)
            os.kill(os.getpid(), signal.SIGTERM)  # Celery's warm shutdown
            return


@worker_ready.connect
def _start_idle_monitor(**_kwargs: Any) -> None:
    timeout = float(os.environ.get("PAPERKEEP_WORKER_IDLE_TIMEOUT") or 0)
    if timeout <= 0:
        return
    from django.conf import settings

    queue_dir = Path(settings.DATA_DIR) / "queue"
    threading.Thread(target=_monitor, args=(timeout, queue_dir), name="paperkeep-idle", daemon=True).start()
