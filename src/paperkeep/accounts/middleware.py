"""Request middleware for the login variants Paperless-ngx offers: a trusted proxy's remote-user header and
the (dangerous, opt-in) fixed auto-login user."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import PersistentRemoteUserMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from paperkeep.accounts.conf import auth as auth_settings


class HttpRemoteUserMiddleware(PersistentRemoteUserMiddleware):
    """Sign in the user named by PAPERLESS_HTTP_REMOTE_USER_HEADER_NAME; API paths only with _API on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)
        self.header = str(getattr(settings, "HTTP_REMOTE_USER_HEADER_NAME", "HTTP_REMOTE_USER"))  # type: ignore[misc]

    def process_request(self, request: HttpRequest) -> None:
        cfg = auth_settings()
        is_api = request.path_info.startswith("/api/")
        if (is_api and not cfg.enable_http_remote_user_api) or (not is_api and not cfg.enable_http_remote_user):
            return
        super().process_request(request)


class AutoLoginMiddleware:
    """Treat every request as PAPERLESS_AUTO_LOGIN_USERNAME's (except POST /api/token/), as Paperless-ngx does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        username = getattr(settings, "AUTO_LOGIN_USERNAME", None)
        if username and not (request.method == "POST" and request.path_info.rstrip("/") == "/api/token"):
            user = auth.get_user_model().objects.filter(username=username, is_active=True).first()
            if user is not None and (isinstance(request.user, AnonymousUser) or request.user.pk != user.pk):
                request.user = user
        return self.get_response(request)
