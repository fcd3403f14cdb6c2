"""REST API authentication classes: personal API tokens and provider-issued access tokens."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from paperkeep.accounts import tokens
from paperkeep.accounts.errors import SsoError
from paperkeep.accounts.oidc import bearer


def _credentials(request: Request, keywords: tuple[str, ...]) -> str | None:
    parts = authentication.get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].decode(errors="replace").lower() not in keywords:
        return None
    try:
        return parts[1].decode()
    except UnicodeError:
        return None


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token pkt_…` or `Bearer pkt_…`: a personal API token (see paperkeep.accounts.tokens)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        secret = _credentials(request, ("token", "bearer"))
        if secret is None or not tokens.is_personal_token(secret):
            return None
        try:
            return tokens.authenticate_token(secret)
        except tokens.TokenError as exc:
            raise exceptions.AuthenticationFailed(exc.message) from None

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class OidcBearerAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <access token>` issued by a provider named in PAPERLESS_SSO_API_PROVIDERS."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        token = _credentials(request, ("bearer",))
        if token is None or tokens.is_personal_token(token) or not bearer.api_apps():
            return None
        try:
            return bearer.user_for_access_token(token), token
        except SsoError as exc:
            raise exceptions.AuthenticationFailed(exc.message) from None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
