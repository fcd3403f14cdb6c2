"""Template context shared by every page (the web app's and the sign-in pages')."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def branding(request: HttpRequest) -> dict[str, Any]:
    """`app_title`: the title set in the application configuration or PAPERLESS_APP_TITLE, else "Paperkeep".

    Looked up only when a template shows it."""

    def title() -> str:
        from paperkeep.documents.appconfig import app_title

        return app_title() or "Paperkeep"

    return {"app_title": SimpleLazyObject(title)}
