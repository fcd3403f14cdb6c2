"""Permission-checked reads. Everything that lists or fetches documents and their objects goes through here.

The visibility rule is Paperless-ngx's: a superuser sees everything; anyone else sees what they own, what
has no owner, and what is granted to them or to one of their groups. It is one WHERE clause of indexed
EXISTS subqueries, so a list is one query with no DISTINCT and no per-row permission checks in Python.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from paperkeep import access_cache
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Document, OwnedModel, PaperlessTask

AnyUser = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=OwnedModel)


def _user_id(user: AnyUser) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def group_ids(user: AnyUser) -> tuple[int, ...]:
    """Return the ids of the user's groups: one small query, remembered until any membership changes."""
    cached = getattr(user, "_paperkeep_group_ids", None)
    if cached is None:
        user_id = _user_id(user)
        cached = () if user_id is None else access_cache.remembered("groups", user_id, lambda: _groups_of(user))
        user._paperkeep_group_ids = cached  # type: ignore[union-attr]
    return cached


def _groups_of(user: AnyUser) -> tuple[int, ...]:
    return tuple(sorted(user.groups.values_list("pk", flat=True)))  # type: ignore[union-attr]


def _grant_exists(model: type[Model], table: str, user: AnyUser) -> Q:
    """EXISTS(a grant row in `model.<table>` for this object and the user, or one of the user's groups).

    Group ids are inlined (measured: twice as fast on SQLite as a nested subquery at 100k documents);
    a user in no group gets no group test at all.
    """
    field = model._meta.get_field(table)
    through = field.remote_field.through  # type: ignore[union-attr]
    source = field.m2m_field_name()  # type: ignore[union-attr]
    target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
    rows = through.objects.filter(**{f"{source}_id": OuterRef("pk")})
    if table.endswith("_users"):
        return Q(Exists(rows.filter(**{f"{target}_id": _user_id(user)})))
    groups = group_ids(user)
    if not groups:
        return Q(pk__in=[])
    return Q(Exists(rows.filter(**{f"{target}_id__in": groups})))


def visibility_filter(model: type[OwnedModel], user: AnyUser, *, include_granted: bool = True) -> Q:
    """Return the WHERE condition for the objects of `model` the user may view (Paperless's rule)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    user_id = _user_id(user)
    if user_id is None:
        return Q(owner__isnull=True)
    condition = Q(owner_id=user_id) | Q(owner__isnull=True)
    if include_granted:
        condition |= _grant_exists(model, "view_users", user) | _grant_exists(model, "view_groups", user)
    return condition


def change_filter(model: type[OwnedModel], user: AnyUser) -> Q:
    """Return the WHERE condition for the objects of `model` the user may change (owner, unowned, change grant)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    user_id = _user_id(user)
    if user_id is None:
        return Q(pk__in=[])
    return (
        Q(owner_id=user_id)
        | Q(owner__isnull=True)
        | _grant_exists(model, "change_users", user)
        | _grant_exists(model, "change_groups", user)
    )


def visible(model: type[M], user: AnyUser) -> QuerySet[M]:
    """Return the objects of an owned model (tags, correspondents, ...) the user may view."""
    manager: Any = model._default_manager
    return manager.filter(visibility_filter(model, user))


def changeable(model: type[M], user: AnyUser) -> QuerySet[M]:
    """Return the objects of an owned model the user may change."""
    manager: Any = model._default_manager
    return manager.filter(change_filter(model, user))


def visible_documents(user: AnyUser, *, include_versions: bool = False) -> QuerySet[Document]:
    """Return the documents, not in the trash, the user may view: the base of every document list and count."""
    documents = Document.objects.filter(visibility_filter(Document, user))
    if not include_versions:
        documents = documents.filter(root_document__isnull=True)
    return documents


def trashed_documents(user: AnyUser) -> QuerySet[Document]:
    """Return the trashed documents the user may restore or delete: owned or unowned, grants do not count."""
    return Document.deleted_objects.filter(visibility_filter(Document, user, include_granted=False))


def access_document(user: AnyUser, pk: object, *, for_change: bool = False) -> Document:
    """Return the document `pk` if the user may view it (change it, with `for_change`), else raise NotFound.

    A missing document and one the user may not see raise the same NotFound. A visible document the user
    may not change raises NotFound too when `for_change`, so callers can answer 404 everywhere (the API
    checks the global model permissions before calling this).
    """
    try:
        key = int(str(pk))
    except ValueError:
        raise NotFound() from None
    documents = visible_documents(user, include_versions=True)
    if for_change:
        documents = documents.filter(change_filter(Document, user))
    document = documents.filter(pk=key).first()
    if document is None:
        raise NotFound()
    return document


def access_object(model: type[M], user: AnyUser, pk: object, *, for_change: bool = False) -> M:
    """Return the owned object `pk` of `model` if the user may view (or change) it, else raise NotFound."""
    try:
        key = int(str(pk))
    except ValueError:
        raise NotFound() from None
    objects = visible(model, user)
    if for_change:
        objects = objects.filter(change_filter(model, user))
    found = objects.filter(pk=key).first()
    if found is None:
        raise NotFound()
    return found


def can_change(user: AnyUser, obj: OwnedModel) -> bool:
    """Return whether the user may change this object (one query unless decided by ownership)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    user_id = _user_id(user)
    if user_id is None:
        return False
    if obj.owner_id is None or obj.owner_id == user_id:
        return True
    return type(obj)._base_manager.filter(pk=obj.pk).filter(change_filter(type(obj), user)).exists()


def visible_tasks(user: AnyUser) -> QuerySet[PaperlessTask]:
    """Return the tasks the user may see: all for staff and superusers, else their own and unowned ones."""
    if user.is_authenticated and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)):
        return PaperlessTask.objects.all()
    user_id = _user_id(user)
    if user_id is None:
        return PaperlessTask.objects.filter(owner__isnull=True)
    return PaperlessTask.objects.filter(Q(owner_id=user_id) | Q(owner__isnull=True))


def pk_among(ids: Sequence[int]) -> Q:
    """Return `Q(pk__in=ids)` passed as one SQL parameter however many ids there are (SQLite's `json_each`,
    PostgreSQL's `unnest`): no limit on bound variables, and one statement shape for every count."""
    values = [int(value) for value in ids]
    vendor = connection.vendor
    if vendor == "sqlite":
        return Q(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)]))
    if vendor == "postgresql":
        return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [values]))
    return Q(pk__in=values)
