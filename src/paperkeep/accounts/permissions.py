"""The starter permissions of a user created by single sign-on when no default group is configured, and the
question "can this user do anything at all?"."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db.models import Q

logger = logging.getLogger(__name__)

# What an ordinary user needs to work with their own documents in the web UI and the API. Models that do not
# exist (yet) are skipped, so the list can name everything Paperless-ngx's UI asks for.
STARTER_PERMISSIONS: tuple[tuple[str, str], ...] = tuple(
    ("documents", f"{action}_{model}")
    for model, actions in (
        ("document", ("view", "add", "change", "delete")),
        ("note", ("view", "add", "change", "delete")),
        ("tag", ("view", "add", "change")),
        ("correspondent", ("view", "add", "change")),
        ("documenttype", ("view", "add", "change")),
        ("storagepath", ("view",)),
        ("customfield", ("view",)),
        ("savedview", ("view", "add", "change", "delete")),
        ("uisettings", ("view", "add", "change")),
        ("sharelink", ("view", "add", "delete")),
        ("paperlesstask", ("view",)),
    )
    for action in actions
)


def grant_starter_permissions(user: AbstractBaseUser) -> int:
    """Give the user the starter permissions that exist in this installation; return how many."""
    query = Q(pk__in=[])
    for app_label, codename in STARTER_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(query))
    user.user_permissions.add(*permissions)  # type: ignore[attr-defined]
    forget_cached_permissions(user)
    logger.info("Gave %s the %d starter permissions of a new single sign-on user", user, len(permissions))
    return len(permissions)


def forget_cached_permissions(user: AbstractBaseUser) -> None:
    """Drop ModelBackend's per-object permission caches after permissions or groups changed."""
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


def has_any_permission(user: AbstractBaseUser) -> bool:
    """Tell whether the user may do anything at all (a superuser, or any permission directly or by group)."""
    if not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(user.get_all_permissions())  # type: ignore[attr-defined]
