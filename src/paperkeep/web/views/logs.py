"""The Logs page (Paperless-ngx's Administration → Logs): the last lines of paperless.log or celery.log.

Staff only, as `/api/logs/`: the `is_staff` flag decides, not a model permission.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from paperkeep import logfiles
from paperkeep.web.views.common import show

SHOWN_LOGS = ("paperless", "celery")
LINE_CHOICES = (100, 500, 1000, 5000)
DEFAULT_LINES = 500


def may_view_logs(user: Any) -> bool:
    """Staff users (superusers are created staff) may read the logs, as in Paperless-ngx."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _lines(raw: str) -> int:
    return int(raw) if raw.isdigit() and int(raw) in LINE_CHOICES else DEFAULT_LINES


def logs(request: HttpRequest) -> HttpResponseBase:
    """Show the last N lines of the chosen log, newest at the bottom."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_view_logs(request.user):
        return render(request, "web/error.html", {"status": 403, "heading": "Not allowed",
                      "message": "Only staff users may read the logs."}, status=403)  # fmt: skip
    name = request.GET.get("log", SHOWN_LOGS[0])
    if name not in SHOWN_LOGS:
        name = SHOWN_LOGS[0]
    limit = _lines(request.GET.get("lines", ""))
    # Only the fixed names in logfiles.LOG_FILES map to a file: no request reaches outside the log directory.
    path = logfiles.log_file(Path(settings.LOGGING_DIR), name)
    exists = path is not None and path.is_file()
    lines = logfiles.tail_lines(path, limit) if path is not None and exists else []
    return show(request, "web/logs.html", "manage", {
        "logs": SHOWN_LOGS, "current": name, "lines": lines, "exists": exists, "limit": limit,
        "line_choices": LINE_CHOICES, "refresh": request.GET.get("refresh") == "1",
    })  # fmt: skip
