"""Inside the worker process: crash recovery at start, then the consume-folder watcher and scheduler threads.

Connected to Celery's `worker_ready` and `worker_shutdown` signals; importing this module connects them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings

from paperkeep.documents import search as search_index
from paperkeep.ingest import recovery
from paperkeep.ingest.sources.folder import FolderWatcher
from paperkeep.ingest.sources.folder_rules import FolderRules
from paperkeep.tasks.consume import publish, submit_folder_file
from paperkeep.tasks.scheduled import start_scheduler, stop_scheduler

logger = logging.getLogger(__name__)

_watcher: FolderWatcher | None = None


def start_watcher() -> FolderWatcher | None:
    """Start the consume-folder watcher thread unless PAPERLESS_CONSUMER_DISABLE is set."""
    global _watcher
    consumer = settings.CONFIG.consumer
    if consumer.disable:
        logger.info("PAPERLESS_CONSUMER_DISABLE is set; not watching the consume folder")
        return None
    rules = FolderRules.from_config(Path(settings.CONSUMPTION_DIR), consumer)
    _watcher = FolderWatcher(
        rules,
        lambda path, tags: _submit(path, tags),
        stability_delay=consumer.stability_delay,
        polling_interval=consumer.polling_interval,
    )
    _watcher.start()
    return _watcher


def _submit(path: Path, tags: tuple[str, ...]) -> None:
    submit_folder_file(path, tags)


def stop_watcher() -> None:
    """Stop the watcher thread, if running."""
    global _watcher
    if _watcher is not None:
        _watcher.stop()
        _watcher = None


def recover_and_requeue() -> list[str]:
    """Repair what a crash left behind and publish the tasks that must run again."""
    again = recovery.recover()
    for task_id in again:
        publish(task_id)
    return again


@worker_ready.connect
def _on_worker_ready(**_kwargs: Any) -> None:
    try:
        recover_and_requeue()
    except Exception:  # a failed recovery must not keep the worker from working
        logger.exception("Crash recovery failed; the worker starts anyway")
    try:
        search_index.reconcile()  # index what a crash between a commit and its index write left out
    except Exception:  # a broken index must not keep the worker from working
        logger.exception("Reconciling the search index failed; the worker starts anyway")
    start_watcher()
    start_scheduler()


@worker_shutdown.connect
def _on_worker_shutdown(**_kwargs: Any) -> None:
    stop_scheduler()
    stop_watcher()
