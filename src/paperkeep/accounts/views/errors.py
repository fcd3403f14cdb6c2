"""One place that turns an SsoError into a page saying what happened and what to do."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from paperkeep.accounts.conf import regular_login_open
from paperkeep.accounts.errors import SsoError


def render_sso_error(request: HttpRequest, error: SsoError, provider_label: str | None = None) -> HttpResponse:
    """Render the SSO error page with the error's title, message and code."""
    context = {
        "error": error,
        "provider_label": provider_label,
        "local_login": regular_login_open(),
        "is_staff": bool(getattr(request.user, "is_staff", False)),
    }
    return render(request, "accounts/sso_error.html", context, status=error.status)
