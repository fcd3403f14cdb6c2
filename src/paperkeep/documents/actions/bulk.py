"""Bulk metadata edits on many documents at once (the API's bulk_edit, the web UI's multi-select)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from paperkeep.documents import history, indexing
from paperkeep.documents.actions.custom_fields import clean_value, set_custom_fields
from paperkeep.documents.actions.documents import modify_tags
from paperkeep.documents.actions.permissions import Grants, current_grants, set_owner, set_permissions
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import CustomField, CustomFieldInstance, Document
from paperkeep.documents.storage import placement

_FOREIGN_KEYS = frozenset({"correspondent_id", "document_type_id", "storage_path_id"})


def _documents(ids: Iterable[int]) -> list[Document]:
    return list(Document.global_objects.filter(pk__in=list(ids)).order_by("pk"))


def set_foreign_key(ids: Sequence[int], column: str, value: int | None) -> int:
    """Set the correspondent, document type or storage path of many documents; files follow their names."""
    if column not in _FOREIGN_KEYS:
        raise InvalidValue(f"Cannot bulk-set {column}.", field="method")
    with transaction.atomic():
        changed = Document.global_objects.filter(pk__in=ids).exclude(**{column: value})
        before = dict(changed.values_list("pk", column))
        changed_ids = list(before)
        Document.global_objects.filter(pk__in=changed_ids).update(**{column: value, "modified": timezone.now()})
        by_old: dict[int | None, list[int]] = {}
        for pk, old in before.items():
            by_old.setdefault(old, []).append(pk)
        for old, pks in by_old.items():  # one insert per former value, not per document
            history.record(pks, history.UPDATE, history.field_changes({column: old}, {column: value}))
        for document in _documents(changed_ids):
            if document.filename:
                placement.relocate(document, key=f"move-{uuid.uuid4().hex}")
        indexing.schedule_index(changed_ids)
    return len(changed_ids)


def change_tags(ids: Sequence[int], *, add: Iterable[int] = (), remove: Iterable[int] = ()) -> None:
    """Add and remove tags on many documents (ancestors come with added tags, descendants go with removed ones)."""
    modify_tags(_documents(ids), add=list(add), remove=list(remove))


def change_custom_fields(
    ids: Sequence[int], *, add: Mapping[int, object] | Iterable[int] = (), remove: Iterable[int] = ()
) -> None:
    """Add custom fields to many documents (with values when a mapping is given) and remove others."""
    values = dict(add) if isinstance(add, Mapping) else {field_id: None for field_id in add}
    fields = {field.pk: field for field in CustomField.objects.filter(pk__in=list(values))}
    if set(values) - set(fields):
        raise InvalidValue("Some custom fields don't exist.", field="parameters")
    for field_id, value in values.items():
        clean_value(fields[field_id], value)  # refuse a bad value before anything changes
    removed = list(remove)
    with transaction.atomic():
        documents = _documents(ids)
        for document in documents:
            with_values = {key: value for key, value in values.items() if value is not None}
            if with_values:
                set_custom_fields(document, with_values)
            for field_id in set(values) - set(with_values):
                CustomFieldInstance.objects.get_or_create(document=document, field_id=field_id)
        if removed:
            CustomFieldInstance.objects.filter(document_id__in=ids, field_id__in=removed).delete()
        Document.global_objects.filter(pk__in=ids).update(modified=timezone.now())
        indexing.schedule_index(ids)


def requested_grants(requested: Mapping[str, Mapping[str, Iterable[int]]], current: Grants | None) -> Grants:
    """Return the grants after applying a request: the lists named replace, those left out stay as they are."""
    base = current or Grants()
    view = requested.get("view", {})
    change = requested.get("change", {})
    return Grants.of(
        view.get("users", base.view_users),
        view.get("groups", base.view_groups),
        change.get("users", base.change_users),
        change.get("groups", base.change_groups),
    )


def share_documents(
    ids: Sequence[int],
    *,
    requested: Mapping[str, Mapping[str, Iterable[int]]] | None,
    owner_id: int | None = None,
    set_owner_to: bool = False,
    merge: bool = False,
) -> None:
    """Set grants (replace, or add with `merge`) and optionally the owner of many documents.

    With `merge`, an owner is only given to documents that have none (Paperless's rule).
    """
    documents = _documents(ids)
    with transaction.atomic():
        if set_owner_to and (not merge or owner_id is not None):
            targets = [d for d in documents if d.owner_id is None] if merge else documents
            set_owner(targets, owner_id)
        if requested is None:
            return
        if merge:
            set_permissions(documents, requested_grants(requested, None), merge=True)
            return
        for document in documents:
            set_permissions([document], requested_grants(requested, current_grants(document)))
