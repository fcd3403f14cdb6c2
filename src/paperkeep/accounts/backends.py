"""Authentication backends: passwords (closed in SSO-only mode except for the break-glass admin) and the
trusted proxy's remote-user header."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import backends
from django.http import HttpRequest

from paperkeep import access_cache
from paperkeep.accounts.conf import password_login_allowed

logger = logging.getLogger(__name__)


class RememberedPermissions(backends.ModelBackend):
    """Django's permission lookup, remembered between requests (`paperkeep.access_cache`)."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            compute = super().get_all_permissions
            key = (user_obj.pk, bool(user_obj.is_superuser))
            remembered = access_cache.remembered("permissions", key, lambda: frozenset(compute(user_obj)))
            user_obj._perm_cache = set(remembered)
        return user_obj._perm_cache


class PasswordBackend(RememberedPermissions):
    """Django's username/password check, refused for everyone but the break-glass admin in SSO-only mode.

    Every password sign-in goes through `authenticate()`: the login form, `/api/token/`, HTTP Basic and the
    admin site, so closing it here closes it everywhere.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get("login") or kwargs.get(self._username_field())
        if not password_login_allowed(username):
            logger.info("Password sign-in refused for %r: PAPERLESS_DISABLE_REGULAR_LOGIN is on", username)
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return str(get_user_model().USERNAME_FIELD)


class RemoteUserBackend(RememberedPermissions, backends.RemoteUserBackend):
    """The user named by the proxy's header (PAPERLESS_ENABLE_HTTP_REMOTE_USER); unknown users are created."""

    create_unknown_user = True
