"""Who may open which page: sign-in, "no permissions yet", global model permissions, and the one place where
domain errors become pages (404 for anything missing or hidden, 403 with the missing permission named)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from paperkeep.accounts.permissions import has_any_permission
from paperkeep.accounts.views.pages import administrators
from paperkeep.documents.errors import NotFound

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class MissingPermission(Exception):
    """The signed-in user lacks a global permission this page or change needs."""

    code = "missing_permission"

    def __init__(self, permission: str) -> None:
        super().__init__(permission)
        self.permission = permission


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def can(user: Any, permission: str) -> bool:
    """Return whether the user holds `app_label.codename` (superusers hold every permission)."""
    if user is None or not user.is_authenticated:
        return False
    return is_superuser(user) or bool(user.has_perm(permission))


def require(user: Any, *permissions: str) -> None:
    """Raise MissingPermission for the first of these permissions the user lacks."""
    for permission in permissions:
        if not can(user, permission):
            raise MissingPermission(permission)


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"status": 404, "heading": "Not found",
                                              "message": "This page does not exist, or you may not see it."},
                  status=404)  # fmt: skip


def forbidden(request: HttpRequest, permission: str) -> HttpResponse:
    return render(request, "web/error.html", {
        "status": 403, "heading": "Not allowed", "permission": permission, "administrators": administrators(),
        "message": "Your account lacks the permission this needs.",
    }, status=403)  # fmt: skip


def page(*permissions: str) -> Callable[[View], View]:
    """Decorate a view: signed in, holding some permission (else the "no permissions yet" page), holding
    `permissions` (else 403 naming the missing one); NotFound anywhere in the view becomes the 404 page."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_any_permission(user):
                return redirect("accounts:no_permissions")
            try:
                require(user, *permissions)
                return view(request, *args, **kwargs)
            except NotFound:
                return not_found(request)
            except MissingPermission as exc:
                return forbidden(request, exc.permission)

        return wrapped  # type: ignore[return-value]

    return decorate
