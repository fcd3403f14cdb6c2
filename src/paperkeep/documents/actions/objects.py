"""Create, change and delete the matching objects: tags, correspondents, document types, storage paths."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from paperkeep.documents import indexing
from paperkeep.documents.errors import InvalidValue, TagCycle, TagTreeTooDeep
from paperkeep.documents.models import (
    MAX_TAG_DEPTH,
    Correspondent,
    Document,
    DocumentType,
    MatchingModel,
    StoragePath,
    Tag,
)

M = TypeVar("M", bound=MatchingModel)
_FIELDS: dict[type[MatchingModel], frozenset[str]] = {
    Correspondent: frozenset({"name", "match", "matching_algorithm", "is_insensitive", "owner_id"}),
    DocumentType: frozenset({"name", "match", "matching_algorithm", "is_insensitive", "owner_id"}),
    StoragePath: frozenset({"name", "match", "matching_algorithm", "is_insensitive", "owner_id", "path"}),
    Tag: frozenset({"name", "match", "matching_algorithm", "is_insensitive", "owner_id", "color", "is_inbox_tag",
                    "parent_id"}),
}  # fmt: skip


def tag_parents() -> dict[int, int | None]:
    """Return every tag's parent id (one small query; tag trees are small)."""
    return dict(Tag.objects.values_list("pk", "parent_id"))


def with_ancestors(tag_ids: Iterable[int], parents: Mapping[int, int | None] | None = None) -> set[int]:
    """Return the tags plus all their ancestors (adding a child tag adds its parents, as in Paperless)."""
    parents = tag_parents() if parents is None else parents
    result: set[int] = set()
    for tag_id in tag_ids:
        current: int | None = tag_id
        while current is not None and current not in result:
            result.add(current)
            current = parents.get(current)
    return result


def with_descendants(tag_ids: Iterable[int], parents: Mapping[int, int | None] | None = None) -> set[int]:
    """Return the tags plus all their descendants (removing a parent removes its children)."""
    parents = tag_parents() if parents is None else parents
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    result: set[int] = set()
    stack = list(tag_ids)
    while stack:
        current = stack.pop()
        if current in result:
            continue
        result.add(current)
        stack.extend(children.get(current, ()))
    return result


def _check_tag_parent(tag: Tag, parent_id: int | None) -> None:
    if parent_id is None:
        return
    # The messages are Paperless-ngx's (Tag.clean), which API clients see.
    if tag.pk is not None and parent_id == tag.pk:
        raise TagCycle("Cannot set itself as parent.", field="parent")
    parents = tag_parents()
    if tag.pk is not None and tag.pk in with_ancestors([parent_id], parents):
        raise TagCycle("Cannot set parent to a descendant.", field="parent")
    depth_above = len(with_ancestors([parent_id], parents))
    height_below = _height(tag.pk, parents) if tag.pk is not None else 1
    if depth_above + height_below > MAX_TAG_DEPTH:
        raise TagTreeTooDeep("Maximum nesting depth exceeded.", field="parent")


def _height(tag_id: int, parents: Mapping[int, int | None]) -> int:
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)

    def height(node: int) -> int:
        return 1 + max((height(child) for child in children.get(node, ())), default=0)

    return height(tag_id)


def _apply(obj: MatchingModel, changes: Mapping[str, Any]) -> None:
    unknown = set(changes) - _FIELDS[type(obj)]
    if unknown:
        raise InvalidValue(f"Unknown field(s): {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if "name" in changes and not str(changes["name"]).strip():
        raise InvalidValue("The name may not be blank.", field="name")
    if isinstance(obj, Tag) and "parent_id" in changes:
        _check_tag_parent(obj, changes["parent_id"])
    for name, value in changes.items():
        setattr(obj, name, value)


def create_object(model: type[M], **fields: Any) -> M:
    """Create a tag, correspondent, document type or storage path."""
    obj = model()
    _apply(obj, fields)
    obj.save()
    return obj


def update_object(obj: M, **changes: Any) -> M:
    """Change fields of a matching object; documents using it are re-indexed when its name changes."""
    with transaction.atomic():
        _apply(obj, changes)
        obj.save()
        if "name" in changes or "path" in changes:
            indexing.schedule_index(_document_ids(obj))
    return obj


def delete_object(obj: MatchingModel) -> None:
    """Delete a matching object; its documents lose it and are re-indexed."""
    with transaction.atomic():
        ids = _document_ids(obj)
        Document.global_objects.filter(pk__in=ids).update(modified=timezone.now())
        obj.delete()
        indexing.schedule_index(ids)


def _document_ids(obj: MatchingModel) -> list[int]:
    if isinstance(obj, Tag):
        return list(Document.global_objects.filter(tags=obj).values_list("pk", flat=True))
    column = {Correspondent: "correspondent", DocumentType: "document_type", StoragePath: "storage_path"}[type(obj)]
    return list(Document.global_objects.filter(**{column: obj}).values_list("pk", flat=True))
