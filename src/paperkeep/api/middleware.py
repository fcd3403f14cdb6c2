"""Response headers Paperless-ngx clients read to learn the server's versions."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from paperkeep import PAPERLESS_COMPAT_VERSION
from paperkeep.api.versioning import LATEST_VERSION


class ApiVersionMiddleware:
    """Add `X-Api-Version` and `X-Version` to every response for an authenticated user (as Paperless-ngx).

    DRF sets `request.user` on the Django request when it authenticates a token or Basic request, so API
    responses get the headers too. `X-Version` is the Paperless-ngx version whose API we implement: clients
    compare it against the versions they know.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["X-Api-Version"] = str(LATEST_VERSION)
            response["X-Version"] = PAPERLESS_COMPAT_VERSION
        return response
