"""Manage users and groups with their permissions (for those holding the auth permissions, usually admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from paperkeep.documents.errors import NotFound
from paperkeep.web.access import can, page, require
from paperkeep.web.people import (
    ACTIONS,
    EXTRA,
    MATRIX,
    PeopleError,
    UserChanges,
    delete_group,
    delete_user,
    permission_names,
    save_group,
    save_user,
)
from paperkeep.web.views.common import HIDDEN_USERNAMES, show


def _matrix(chosen: set[str]) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    return [(label, [(action, f"{app}.{action}_{model}", f"{app}.{action}_{model}" in chosen) for action in ACTIONS])
            for label, app, model in MATRIX]  # fmt: skip


def _extra(chosen: set[str]) -> list[tuple[str, str, bool]]:
    return [(name, label, name in chosen) for name, label in EXTRA]


@page("auth.view_user")
def people(request: HttpRequest) -> HttpResponse:
    """List users and groups."""
    users = User.objects.exclude(username__in=HIDDEN_USERNAMES).prefetch_related("groups").order_by("username")
    return show(request, "web/manage/people.html", "manage", {
        "users": users, "groups": Group.objects.order_by("name") if can(request.user, "auth.view_group") else None,
    })  # fmt: skip


def _user_changes(post: QueryDict) -> UserChanges:
    return UserChanges(
        username=post.get("username", "").strip()[:150], email=post.get("email", "").strip(),
        first_name=post.get("first_name", "").strip()[:150], last_name=post.get("last_name", "").strip()[:150],
        password=post.get("password", ""), is_active=post.get("is_active") == "1",
        is_staff=post.get("is_staff") == "1", is_superuser=post.get("is_superuser") == "1",
        group_ids=tuple(int(v) for v in post.getlist("groups") if v.isdigit()),
        permissions=tuple(post.getlist("permissions")),
    )  # fmt: skip


def _user(pk: int | None) -> User | None:
    if pk is None:
        return None
    found = User.objects.exclude(username__in=HIDDEN_USERNAMES).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


@page("auth.view_user")
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (no pk) or edit a user: details, status, groups, and the permission matrix."""
    target = _user(pk)
    require(request.user, "auth.add_user" if target is None else "auth.change_user")
    chosen = permission_names(target.user_permissions.select_related("content_type")) if target else set()
    context: dict[str, Any] = {"target": target, "groups": Group.objects.order_by("name"),
                               "member_of": set(target.groups.values_list("pk", flat=True)) if target else set(),
                               "inherited": sorted(target.get_group_permissions()) if target else []}  # fmt: skip
    if request.method == "POST":
        try:
            saved = save_user(request.user, target, _user_changes(request.POST))
        except PeopleError as exc:
            chosen = set(request.POST.getlist("permissions"))
            context.update(form_error=str(exc), posted=request.POST, matrix=_matrix(chosen), extra=_extra(chosen))
            return show(request, "web/manage/user_edit.html", "manage", context, status=400)
        messages.success(request, f"Saved the user {saved.username}.")
        return redirect("web:people")
    context.update(matrix=_matrix(chosen), extra=_extra(chosen))
    return show(request, "web/manage/user_edit.html", "manage", context)


@require_POST
@page("auth.delete_user")
def user_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = _user(pk)
    assert target is not None
    try:
        delete_user(request.user, target)
        messages.success(request, f"Deleted the user {target.username}.")
    except PeopleError as exc:
        messages.error(request, str(exc))
    return redirect("web:people")


@page("auth.view_group")
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (no pk) or edit a group and its permission matrix."""
    target = Group.objects.filter(pk=pk).first() if pk is not None else None
    if pk is not None and target is None:
        raise NotFound()
    require(request.user, "auth.add_group" if target is None else "auth.change_group")
    chosen = permission_names(target.permissions.select_related("content_type")) if target else set()
    context: dict[str, Any] = {"target": target}
    if request.method == "POST":
        try:
            saved = save_group(target, request.POST.get("name", ""), request.POST.getlist("permissions"))
        except PeopleError as exc:
            chosen = set(request.POST.getlist("permissions"))
            context.update(form_error=str(exc), matrix=_matrix(chosen), extra=_extra(chosen))
            return show(request, "web/manage/group_edit.html", "manage", context, status=400)
        messages.success(request, f"Saved the group {saved.name}.")
        return redirect("web:people")
    context.update(matrix=_matrix(chosen), extra=_extra(chosen))
    return show(request, "web/manage/group_edit.html", "manage", context)


@require_POST
@page("auth.delete_group")
def group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = Group.objects.filter(pk=pk).first()
    if target is None:
        raise NotFound()
    name = target.name
    delete_group(target)
    messages.success(request, f"Deleted the group {name}.")
    return redirect("web:people")
