"""`/api/logs/` and `/api/logs/<name>/?limit=N`: the log files, for staff only (as Paperless-ngx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from paperkeep import logfiles


class IsStaff(BasePermission):
    """Paperless-ngx's admin permission: the user's `is_staff` flag (superusers get it when created)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_staff)


def _limit(request: Request) -> int | None:
    raw = request.query_params.get("limit")
    if raw is None:
        return None
    try:
        limit = int(raw)
    except ValueError:
        raise ValidationError({"limit": "Must be a positive integer"}) from None
    if limit < 1:
        raise ValidationError({"limit": "Must be a positive integer"})
    return limit


class LogViewSet(ViewSet):
    """List the logs that exist; return one log's lines, or its last `limit` lines."""

    permission_classes = (IsAuthenticated, IsStaff)

    def list(self, request: Request) -> Response:
        return Response(logfiles.existing_logs(Path(settings.LOGGING_DIR)))

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        # Only the names in logfiles.LOG_FILES map to a file, so no request can reach outside the log directory.
        path = logfiles.log_file(Path(settings.LOGGING_DIR), pk or "")
        if path is None or not path.is_file():
            raise Http404
        return Response(logfiles.tail_lines(path, _limit(request)))
