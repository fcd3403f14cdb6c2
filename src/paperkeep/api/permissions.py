"""Global (model) permissions, checked as Paperless-ngx's `PaperlessObjectPermissions` does per HTTP method.

Object-level rules (owner, grants) are not checked here: views read through `documents.queries`, so an object
the user may not view is simply not found, and changes are checked with `queries.can_change`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpResponseForbidden
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

ACTION_FOR_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def is_superuser(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def has_model_perm(user: Any, model: type[Model], action: str) -> bool:
    """Return whether the user holds `<app>.<action>_<model>` (superusers hold every permission)."""
    if user is None or not user.is_authenticated:
        return False
    if is_superuser(user):
        return True
    return bool(user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}"))


def has_perm(user: Any, codename: str) -> bool:
    """Return whether the user holds the permission `app_label.codename` (superusers hold all)."""
    if user is None or not user.is_authenticated:
        return False
    return is_superuser(user) or bool(user.has_perm(codename))


def forbidden(message: str = "Insufficient permissions") -> HttpResponseForbidden:
    """Return Paperless-ngx's plain-text 403."""
    return HttpResponseForbidden(message)


class ModelPermissions(BasePermission):
    """Require the global permission matching the method on the view's model (`permission_model`)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return False
        model = getattr(view, "permission_model", None)
        if model is None:
            return True
        action = getattr(view, "permission_action", None) or ACTION_FOR_METHOD.get(request.method or "GET", "view")
        return has_model_perm(user, model, action)
