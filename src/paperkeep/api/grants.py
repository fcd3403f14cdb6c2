"""Permission facts for a page of owned objects, read in a bounded number of queries (never one per row).

`PagePermissions.load()` reads the four grant tables for the page's ids in one UNION ALL query (whatever the
page size; none at all when no object on the page needs it) and the requester's groups (once per request),
then answers `permissions`, `user_can_change` and `is_shared_by_requester` for each object from memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import QuerySet, Value
from rest_framework import serializers

from paperkeep.api.compiled import page_query
from paperkeep.api.permissions import is_superuser
from paperkeep.documents import queries
from paperkeep.documents.actions.bulk import requested_grants
from paperkeep.documents.actions.permissions import Grants, current_grants
from paperkeep.documents.models import GRANT_FIELDS, OwnedModel


def _grant_query(model: type[OwnedModel], pks: Sequence[int]) -> QuerySet[Any]:
    """The four grant tables of `model` for these objects as one UNION ALL query of (object, who, kind)."""
    parts = []
    for name in GRANT_FIELDS:
        relation = model._meta.get_field(name)
        through = relation.remote_field.through  # type: ignore[union-attr]
        source = relation.m2m_field_name()  # type: ignore[union-attr]
        target = relation.m2m_reverse_field_name()  # type: ignore[union-attr]
        rows = through.objects.filter(**{f"{source}_id__in": list(pks)}).annotate(kind=Value(name))
        parts.append(rows.values_list(f"{source}_id", f"{target}_id", "kind"))
    return parts[0].union(*parts[1:], all=True)


_GRANT_QUERIES = page_query()


def _grant_rows(model: type[OwnedModel], pks: Sequence[int]) -> dict[str, dict[int, list[int]]]:
    """Read the four grant tables for these objects in one UNION ALL query (compiled once per page size)."""
    grants: dict[str, dict[int, list[int]]] = {name: defaultdict(list) for name in GRANT_FIELDS}
    rows = _GRANT_QUERIES.rows(model, pks, partial(_grant_query, model))
    for obj_id, who, kind in sorted(rows, key=lambda row: row[1]):
        grants[kind][obj_id].append(who)
    return grants


@dataclass
class PagePermissions:
    """The grants of a page of objects and who is asking."""

    user: Any
    grants: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    group_ids: frozenset[int] = frozenset()

    @classmethod
    def load(
        cls, model: type[OwnedModel], objects: Iterable[OwnedModel], user: Any, *, full: bool = True
    ) -> PagePermissions:
        """Read the grants needed: all of them for `full_perms`, else only those the two flags depend on
        (objects the requester owns, for `is_shared_by_requester`; others' objects, for `user_can_change`)."""
        objects = list(objects)
        authenticated = user is not None and user.is_authenticated
        if full:
            pks = [obj.pk for obj in objects]
        else:
            mine = [obj.pk for obj in objects if authenticated and obj.owner_id == user.pk]
            others = [obj.pk for obj in objects if obj.owner_id not in (None, getattr(user, "pk", None))]
            pks = mine + ([] if not authenticated or is_superuser(user) else others)
        grants = _grant_rows(model, pks) if pks else {name: {} for name in GRANT_FIELDS}
        group_ids: frozenset[int] = frozenset()
        if pks and authenticated and not is_superuser(user):
            group_ids = frozenset(queries.group_ids(user))
        return cls(user=user, grants=grants, group_ids=group_ids)

    def permissions(self, obj: OwnedModel) -> dict[str, dict[str, list[int]]]:
        """Return Paperless's `permissions` object for `obj`."""
        return {
            "view": {
                "users": list(self.grants["view_users"].get(obj.pk, [])),
                "groups": list(self.grants["view_groups"].get(obj.pk, [])),
            },
            "change": {
                "users": list(self.grants["change_users"].get(obj.pk, [])),
                "groups": list(self.grants["change_groups"].get(obj.pk, [])),
            },
        }

    def user_can_change(self, obj: OwnedModel) -> bool:
        user = self.user
        if obj.owner_id is None or (user is not None and obj.owner_id == user.pk):
            return True
        if user is None or not user.is_authenticated:
            return False
        if is_superuser(user):
            return True
        if user.pk in self.grants["change_users"].get(obj.pk, ()):
            return True
        return bool(self.group_ids.intersection(self.grants["change_groups"].get(obj.pk, ())))

    def is_shared_by_requester(self, obj: OwnedModel) -> bool:
        if self.user is None or obj.owner_id != self.user.pk:
            return False
        return any(self.grants[name].get(obj.pk) for name in GRANT_FIELDS)

    def fields(self, obj: OwnedModel, *, full_perms: bool, shared_flag: bool = False) -> dict[str, Any]:
        """Return the permission keys of `obj` in Paperless's order: permissions, or the two flags."""
        if full_perms:
            return {"permissions": self.permissions(obj)}
        result: dict[str, Any] = {"user_can_change": self.user_can_change(obj)}
        if shared_flag:
            result["is_shared_by_requester"] = self.is_shared_by_requester(obj)
        return result


class SetPermissionsField(serializers.DictField):
    """`set_permissions`: `{"view": {"users": [ids], "groups": [ids]}, "change": {...}}`, validated."""

    def to_internal_value(self, data: Any) -> dict[str, dict[str, list[int]]]:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError("Expected a dictionary of items.")
        result: dict[str, dict[str, list[int]]] = {}
        for action in ("view", "change"):
            entry = data.get(action)
            if entry is None:
                continue
            if not isinstance(entry, Mapping):
                raise serializers.ValidationError(f"{action} must be a dictionary.")
            result[action] = {}
            for target, model, label in (("users", get_user_model(), "users"), ("groups", Group, "groups")):
                if target not in entry or entry[target] is None:
                    continue
                ids = entry[target]
                if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
                    raise serializers.ValidationError(f"{action}.{target} must be a list of ids.")
                if model.objects.filter(pk__in=ids).count() != len(ids):
                    raise serializers.ValidationError(f"Some {label} in don't exist or were specified twice.")
                result[action][target] = list(ids)
        return result


def grants_for(obj: OwnedModel | None, requested: Mapping[str, Mapping[str, list[int]]]) -> Grants:
    """Return the grants `obj` should end with when `requested` is applied to it (None: a new object)."""
    return requested_grants(requested, current_grants(obj) if obj is not None and obj.pk else None)
