"""`/api/status/`: system status for superusers, staff and `view_system_monitoring` (§2.9)."""

from __future__ import annotations

import logging
import os
import platform
import shutil
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Q
from django.utils import timezone
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep import PAPERLESS_COMPAT_VERSION
from paperkeep.api import count_cache
from paperkeep.api.permissions import forbidden, has_perm
from paperkeep.documents import indexing
from paperkeep.documents.models import PaperlessTask, TaskStatus, TaskType

logger = logging.getLogger(__name__)
SUMMARY_DAYS = 30
STUCK_AFTER = timedelta(minutes=10)


def _database() -> dict[str, Any]:
    connection = connections["default"]
    try:
        connection.ensure_connection()
        graph = MigrationLoader(connection=connection).graph
        known = [f"{app}.{name}" for app, name in graph.nodes]
        applied = [f"{m.app}.{m.name}" for m in MigrationRecorder.Migration.objects.order_by("id")]
        status, error = "OK", None
    except Exception:  # a status page reports failures instead of failing
        logger.exception("System status could not reach the database")
        known, applied, status, error = [], [], "ERROR", "Error connecting to database, check logs for more detail."
    return {
        "type": connection.vendor,
        "url": str(connection.settings_dict["NAME"]),
        "status": status,
        "error": error,
        "migration_status": {
            "latest_migration": applied[-1] if applied else None,
            "unapplied_migrations": [name for name in known if name not in set(applied)],
        },
    }


def _redis() -> tuple[str | None, str, str | None]:
    url = settings.CONFIG.tasks.redis
    if not url:
        return None, "OK", None  # Paperkeep's task queue does not need Redis
    try:
        import redis

        with redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1) as client:
            client.ping()
        return url.split("@")[-1], "OK", None
    except Exception:
        logger.exception("System status could not reach Redis")
        return url.split("@")[-1], "ERROR", "Error connecting to redis, check logs for more detail."


def _last_task(task_type: str, missing: str) -> tuple[str, Any, str | None]:
    task = (
        PaperlessTask.objects.filter(task_type=task_type, status__in=[TaskStatus.SUCCESS, TaskStatus.FAILURE])
        .order_by("-date_done")
        .first()
    )
    if task is None:
        return "WARNING", None, missing
    if task.status != TaskStatus.SUCCESS:
        return "ERROR", task.date_done, (task.result_data or {}).get("error_message")
    return "OK", task.date_done, None


def _tasks() -> dict[str, Any]:
    redis_url, redis_status, redis_error = _redis()
    stuck = PaperlessTask.objects.filter(status=TaskStatus.PENDING, date_created__lt=timezone.now() - STUCK_AFTER)
    worker_status, worker_error = ("WARNING", "Tasks have been waiting for over ten minutes.") if stuck.exists() else (
        "OK", None)  # fmt: skip
    indexes = [name for name in indexing.registered() if name != count_cache.HOOK_NAME]
    index_status, index_error = ("OK", None) if indexes else ("WARNING", "No search index is active.")
    sanity = _last_task(TaskType.SANITY_CHECK, "No sanity check tasks found")
    since = timezone.now() - timedelta(days=SUMMARY_DAYS)
    summary = PaperlessTask.objects.filter(date_created__gte=since).aggregate(
        total_count=Count("id"),
        pending_count=Count("id", filter=Q(status=TaskStatus.PENDING)),
        success_count=Count("id", filter=Q(status=TaskStatus.SUCCESS)),
        failure_count=Count("id", filter=Q(status=TaskStatus.FAILURE)),
    )
    return {
        "redis_url": redis_url, "redis_status": redis_status, "redis_error": redis_error,
        "celery_status": worker_status, "celery_url": None, "celery_error": worker_error,
        "index_status": index_status, "index_last_modified": None, "index_error": index_error,
        "classifier_status": "DISABLED", "classifier_last_trained": None, "classifier_error": None,
        "sanity_check_status": sanity[0], "sanity_check_last_run": sanity[1], "sanity_check_error": sanity[2],
        "llmindex_status": "DISABLED", "llmindex_last_modified": None, "llmindex_error": None,
        "summary": {"days": SUMMARY_DAYS, **summary},
    }  # fmt: skip


class SystemStatusView(APIView):
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Any:
        user = request.user
        if not (user.is_staff or has_perm(user, "documents.view_system_monitoring")):
            return forbidden()
        usage = shutil.disk_usage(settings.MEDIA_ROOT)
        install_type = "bare-metal"
        if os.environ.get("KUBERNETES_SERVICE_HOST"):
            install_type = "kubernetes"
        elif os.environ.get("PNGX_CONTAINERIZED") == "1" or os.path.exists("/.dockerenv"):
            install_type = "docker"
        return Response(
            {
                "pngx_version": PAPERLESS_COMPAT_VERSION,
                "server_os": platform.platform(),
                "install_type": install_type,
                "storage": {"total": usage.total, "available": usage.free},
                "database": _database(),
                "tasks": _tasks(),
            }
        )
