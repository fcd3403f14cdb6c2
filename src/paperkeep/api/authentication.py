"""Authentication classes, in Paperless-ngx's order: (remote user), Basic, Token, session + CSRF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from paperkeep.api import accounts_compat


class PaperlessBasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic, refused for users with MFA; its 401 challenge says `Token` unless the client tried Basic."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and accounts_compat.is_mfa_enabled(result[0]):
            raise exceptions.AuthenticationFailed("MFA required")
        return result

    def authenticate_header(self, request: Request) -> str:
        sent = request.META.get("HTTP_AUTHORIZATION", "")
        if sent.lower().startswith("basic "):
            return str(super().authenticate_header(request))
        return authentication.TokenAuthentication.keyword


class PaperlessRemoteUserAuthentication(authentication.RemoteUserAuthentication):
    """The user named by a trusted proxy's header (PAPERLESS_ENABLE_HTTP_REMOTE_USER_API)."""

    @property
    def header(self) -> str:  # type: ignore[override]
        return str(getattr(settings, "HTTP_REMOTE_USER_HEADER_NAME", "HTTP_REMOTE_USER"))
