"""Request middleware: attribute document history entries recorded during a request to its user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from paperkeep.documents import history


class HistoryActorMiddleware:
    """Make the request's user the actor of history entries recorded while it is handled.

    The user is read when an entry is recorded, so users DRF authenticates later (tokens, basic auth) count too:
    DRF sets the authenticated user on the underlying Django request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        with history.acting_as(lambda: getattr(request, "user", None)):
            return self.get_response(request)
