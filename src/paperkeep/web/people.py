"""Users and groups with their permissions, as the Manage pages edit them, with Paperless-ngx's rules: only
superusers grant superuser or staff status or change superusers, and the last active superuser stays.

(These writes belong in an `accounts` actions module shared with the API; until one exists they live here.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from paperkeep.accounts.permissions import forget_cached_permissions
from paperkeep.documents.search.people import reindex_for_group, reindex_for_user

# The permission matrix the pages show: (label, app_label, model name), each with view/add/change/delete.
MATRIX = (
    ("Documents", "documents", "document"), ("Tags", "documents", "tag"),
    ("Correspondents", "documents", "correspondent"), ("Document types", "documents", "documenttype"),
    ("Storage paths", "documents", "storagepath"), ("Custom fields", "documents", "customfield"),
    ("Notes", "documents", "note"), ("Saved views", "documents", "savedview"),
    ("Share links", "documents", "sharelink"), ("Tasks", "documents", "paperlesstask"),
    ("UI settings", "documents", "uisettings"), ("Users", "auth", "user"), ("Groups", "auth", "group"),
)  # fmt: skip
ACTIONS = ("view", "add", "change", "delete")
EXTRA = (("documents.view_global_statistics", "See statistics of the whole library"),
         ("documents.view_system_monitoring", "See the system status"))  # fmt: skip


class PeopleError(Exception):
    """A user or group change that is not allowed or not valid; the message says why."""

    code = "people_invalid"


@dataclass(frozen=True)
class UserChanges:
    username: str
    email: str
    first_name: str
    last_name: str
    password: str
    is_active: bool
    is_staff: bool
    is_superuser: bool
    group_ids: tuple[int, ...]
    permissions: tuple[str, ...]


def matrix_permissions() -> list[str]:
    """Return every permission the matrix can grant, as `app_label.codename`."""
    return [f"{app}.{action}_{model}" for _label, app, model in MATRIX for action in ACTIONS] + [p for p, _ in EXTRA]


def _permission_rows(names: Iterable[str]) -> list[Permission]:
    wanted = [n for n in names if n in set(matrix_permissions())]
    query = Q(pk__in=[])
    for name in wanted:
        app, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app, codename=codename)
    return list(Permission.objects.filter(query))


def permission_names(rows: Iterable[Permission]) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in rows}


def _other_superusers(user: User | None) -> bool:
    others = User.objects.filter(is_superuser=True, is_active=True)
    return (others.exclude(pk=user.pk) if user is not None else others).exists()


def save_user(actor: Any, target: User | None, changes: UserChanges) -> User:
    """Create (`target` None) or change a user; raise PeopleError when the actor may not or a value is bad."""
    actor_is_super = bool(actor.is_superuser)
    if not actor_is_super and (changes.is_superuser or changes.is_staff or (target is not None and (
            target.is_superuser or target.is_staff != changes.is_staff))):  # fmt: skip
        raise PeopleError("Only a superuser may grant superuser or staff status, or change a superuser.")
    if target is not None and target.is_superuser and not (changes.is_superuser and changes.is_active) and not (
            _other_superusers(target)):  # fmt: skip
        raise PeopleError("This is the last active superuser; make someone else superuser first.")
    if not changes.username.strip():
        raise PeopleError("The username may not be empty.")
    user = target or User()
    if changes.password:
        try:
            validate_password(changes.password, user)
        except ValidationError as exc:
            raise PeopleError(" ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            if target is not None and target.username != changes.username:
                reindex_for_user(target.pk)  # the index holds owner and note author names
            for name in ("username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"):
                setattr(user, name, getattr(changes, name))
            if changes.password:
                user.set_password(changes.password)
            elif target is None:
                user.set_unusable_password()
            user.save()
            user.groups.set(Group.objects.filter(pk__in=changes.group_ids))
            user.user_permissions.set(_permission_rows(changes.permissions))
    except IntegrityError:
        raise PeopleError(f"The username {changes.username} is taken.") from None
    forget_cached_permissions(user)
    return user


def delete_user(actor: Any, target: User) -> None:
    if target.is_superuser and not actor.is_superuser:
        raise PeopleError("Only a superuser may delete a superuser.")
    if target.pk == actor.pk:
        raise PeopleError("You cannot delete your own account here.")
    if target.is_superuser and not _other_superusers(target):
        raise PeopleError("This is the last active superuser.")
    with transaction.atomic():
        reindex_for_user(target.pk)  # their documents lose the owner and grants in the index too
        target.delete()


def save_group(target: Group | None, name: str, permissions: Iterable[str]) -> Group:
    """Create or change a group and its permissions."""
    if not name.strip():
        raise PeopleError("The group name may not be empty.")
    group = target or Group()
    group.name = name.strip()[:150]
    try:
        with transaction.atomic():
            group.save()
            group.permissions.set(_permission_rows(permissions))
    except IntegrityError:
        raise PeopleError(f"A group called {group.name} exists already.") from None
    return group


def delete_group(group: Group) -> None:
    """Delete a group; its members lose the permissions it gave."""
    with transaction.atomic():
        reindex_for_group(group.pk)  # the index holds the groups granted view
        group.delete()
