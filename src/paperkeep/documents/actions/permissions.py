"""Owner and view/change grants of any owned object (documents, tags, correspondents, types, storage paths)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from paperkeep.documents import history, indexing
from paperkeep.documents.models import Document, OwnedModel


@dataclass(frozen=True)
class Grants:
    """Who may view and who may change an object, besides its owner. Change always implies view."""

    view_users: frozenset[int] = frozenset()
    view_groups: frozenset[int] = frozenset()
    change_users: frozenset[int] = frozenset()
    change_groups: frozenset[int] = frozenset()

    @classmethod
    def of(
        cls,
        view_users: Iterable[int] = (),
        view_groups: Iterable[int] = (),
        change_users: Iterable[int] = (),
        change_groups: Iterable[int] = (),
    ) -> Grants:
        return cls(frozenset(view_users), frozenset(view_groups), frozenset(change_users), frozenset(change_groups))

    def normalised(self) -> Grants:
        """Return the grants with every changer also a viewer (Paperless's `set_permissions` rule)."""
        return Grants(
            self.view_users | self.change_users,
            self.view_groups | self.change_groups,
            self.change_users,
            self.change_groups,
        )


def current_grants(obj: OwnedModel) -> Grants:
    """Return the object's grants (four small queries)."""
    return Grants.of(
        obj.view_users.values_list("pk", flat=True),
        obj.view_groups.values_list("pk", flat=True),
        obj.change_users.values_list("pk", flat=True),
        obj.change_groups.values_list("pk", flat=True),
    )


def set_permissions(objects: Sequence[OwnedModel], grants: Grants, *, merge: bool = False) -> None:
    """Set the grants of these objects: replace them, or with `merge` add to the existing ones."""
    wanted = grants.normalised()
    with transaction.atomic():
        for obj in objects:
            if merge:
                obj.view_users.add(*wanted.view_users)
                obj.view_groups.add(*wanted.view_groups)
                obj.change_users.add(*wanted.change_users)
                obj.change_groups.add(*wanted.change_groups)
            else:
                obj.view_users.set(wanted.view_users)
                obj.view_groups.set(wanted.view_groups)
                obj.change_users.set(wanted.change_users)
                obj.change_groups.set(wanted.change_groups)
        indexing.schedule_index(obj.pk for obj in objects if isinstance(obj, Document))


def set_owner(objects: Sequence[OwnedModel], owner_id: int | None) -> None:
    """Give these objects a new owner (None: unowned, which makes them visible to every user)."""
    if not objects:
        return
    model = type(objects[0])
    changes: dict[str, object] = {"owner_id": owner_id}
    if model is Document:
        changes["modified"] = timezone.now()
    with transaction.atomic():
        model._base_manager.filter(pk__in=[obj.pk for obj in objects]).update(**changes)
        for obj in objects:
            if model is Document:
                history.record([obj.pk], history.UPDATE, history.field_changes(vars(obj), {"owner_id": owner_id}))
            obj.owner_id = owner_id
        if model is Document:
            indexing.schedule_index(obj.pk for obj in objects)
