"""The Celery application: Redis when PAPERLESS_REDIS is set, otherwise a broker that needs no server."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

from paperkeep.config import Config, load_config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperkeep.settings")


def broker_settings(cfg: Config) -> dict[str, object]:
    """Return the Celery settings for the broker: Redis if configured, else a folder under the data directory."""
    common: dict[str, object] = {
        "task_acks_late": True,  # a task whose worker dies is delivered again
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_ignore_result": True,  # task state lives in our own task table
        "task_track_started": True,
        "task_time_limit": cfg.tasks.worker_timeout,
        "worker_hijack_root_logger": False,
        "broker_connection_retry_on_startup": True,
        "timezone": cfg.core.time_zone,
        "task_serializer": "json",
        "accept_content": ["json"],
        "imports": ("paperkeep.tasks.consume", "paperkeep.tasks.lifecycle", "paperkeep.tasks.reprocess",
                    "paperkeep.tasks.scheduled"),
        "task_default_queue": "paperkeep",
    }
    if cfg.tasks.redis:
        prefix = cfg.tasks.redis_prefix
        return {
            **common,
            "broker_url": cfg.tasks.redis,
            # Unacknowledged tasks come back after this long; ingest is idempotent per task id.
            "broker_transport_options": {
                "visibility_timeout": cfg.tasks.worker_timeout + 60,
                "global_keyprefix": prefix,
            },
        }
    queue_dir = Path(cfg.paths.data_dir) / "queue"
    queue_dir.mkdir(parents=True, exist_ok=True)
    return {
        **common,
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(queue_dir),
            "data_folder_out": str(queue_dir),
            "control_folder": str(queue_dir / "control"),  # else kombu writes ./control in the working dir
            "store_processed": False,
            "polling_interval": 0.2,
        },
    }


app = Celery("paperkeep")
app.conf.update(broker_settings(load_config()))

from paperkeep import worker_idle  # noqa: E402,F401  (connects the idle-exit signals)
