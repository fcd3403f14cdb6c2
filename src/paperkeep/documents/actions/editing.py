"""One edit of a document's metadata, as a PUT/PATCH on the API or a save in the web UI makes it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from paperkeep.documents.actions.custom_fields import remove_custom_fields, set_custom_fields
from paperkeep.documents.actions.documents import set_tags, update_document
from paperkeep.documents.actions.objects import tag_parents, with_ancestors, with_descendants
from paperkeep.documents.models import CustomFieldInstance, Document, Tag


@dataclass(frozen=True)
class DocumentEdit:
    """What to change. `tag_ids` and `custom_fields`, when given, replace the document's whole set.

    `preserve_tag_ids` are tags the editor cannot see: they stay on the document whatever `tag_ids` says.
    """

    fields: Mapping[str, Any] = field(default_factory=dict)
    tag_ids: frozenset[int] | None = None
    custom_fields: Mapping[int, object] | None = None
    remove_inbox_tags: bool = False
    preserve_tag_ids: frozenset[int] = frozenset()


def final_tags(current: set[int], requested: set[int], parents: Mapping[int, int | None]) -> set[int]:
    """Apply Paperless's tree rules: a requested child brings its ancestors; a removed parent takes its descendants."""
    removed = current - requested
    blocked = with_descendants(removed, parents)
    return with_ancestors(requested, parents) - blocked


def edit_document(document: Document, edit: DocumentEdit) -> Document:
    """Apply one edit in one transaction: fields, tags (with the tree rules), inbox removal, custom fields."""
    with transaction.atomic():
        if edit.fields:
            update_document(document, **dict(edit.fields))
        tags = _tags_after(document, edit)
        if tags is not None:
            set_tags(document, tags)
        if edit.custom_fields is not None:
            existing = set(CustomFieldInstance.objects.filter(document=document).values_list("field_id", flat=True))
            set_custom_fields(document, edit.custom_fields)
            dropped = existing - set(edit.custom_fields)
            if dropped:
                remove_custom_fields(document, dropped)
    return document


def _tags_after(document: Document, edit: DocumentEdit) -> set[int] | None:
    if edit.tag_ids is None and not edit.remove_inbox_tags:
        return None
    current = set(document.tags.values_list("pk", flat=True))
    parents = tag_parents()
    tags = current if edit.tag_ids is None else final_tags(current, set(edit.tag_ids), parents)
    if edit.remove_inbox_tags:
        inbox = set(Tag.objects.filter(is_inbox_tag=True).values_list("pk", flat=True))
        newly_added = tags - current
        tags = tags - (inbox - newly_added)
    return tags | (current & edit.preserve_tag_ids)
