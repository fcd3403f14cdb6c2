"""Document history (audit log): the one function that records an entry, and who is acting.

Actions in `documents.actions` call `record(...)` after a change. Who made the change is passed as `actor`, or
when None, taken from `acting_as(...)`: the request middleware (`paperkeep.api.history_actor`) sets it for the
length of each request. Nothing is recorded when `PAPERLESS_AUDIT_LOG_ENABLED` is false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone as dj_timezone

from paperkeep.documents.models import DocumentHistory

CREATE = DocumentHistory.Action.CREATE
UPDATE = DocumentHistory.Action.UPDATE
DELETE = DocumentHistory.Action.DELETE

# Fields recorded as `[old, new]`, by the name Paperless-ngx's audit log gives them (model field names).
TRACKED_FIELDS: Mapping[str, str] = {
    "title": "title",
    "content": "content",
    "created": "created",
    "correspondent_id": "correspondent",
    "document_type_id": "document_type",
    "storage_path_id": "storage_path",
    "archive_serial_number": "archive_serial_number",
    "owner_id": "owner",
}

# Recorded too when a document is created: Paperless-ngx's audit log lists every model field that has a value.
CREATED_FIELDS: Mapping[str, str] = {
    "id": "id",
    **TRACKED_FIELDS,
    "mime_type": "mime_type",
    "checksum": "checksum",
    "archive_checksum": "archive_checksum",
    "page_count": "page_count",
    "added": "added",
    "filename": "filename",
    "archive_filename": "archive_filename",
    "original_filename": "original_filename",
}

ActorSource = Callable[[], Any]
_actor: ContextVar[ActorSource | None] = ContextVar("paperkeep_history_actor", default=None)


def enabled() -> bool:
    """Tell whether the audit log is on (`PAPERLESS_AUDIT_LOG_ENABLED`, default true)."""
    return bool(settings.CONFIG.core.audit_log_enabled)


@contextmanager
def acting_as(source: ActorSource) -> Iterator[None]:
    """Within this block, changes recorded without an explicit actor are attributed to `source()`.

    `source` is called when an entry is recorded, so a request's user may be authenticated after the block starts.
    """
    token = _actor.set(source)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    """Return the authenticated user now acting, or None (a worker, a command, an anonymous request)."""
    source = _actor.get()
    user = source() if source is not None else None
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return None
    return user


def text(value: object) -> str:
    """Render a value as Paperless-ngx's audit log stores it: `str(value)`, "None" for nothing, and a
    date-time as naive UTC (django-auditlog's form, e.g. "2026-01-02 03:04:05.678901")."""
    if value is None:
        return "None"
    if isinstance(value, datetime) and dj_timezone.is_aware(value):
        return str(dj_timezone.make_naive(value, UTC))
    return str(value)


def field_changes(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, Any]:
    """Return `{paperless_field: [old, new]}` for the tracked attributes whose value differs."""
    changes: dict[str, Any] = {}
    for attribute, name in TRACKED_FIELDS.items():
        if attribute in after and text(before.get(attribute)) != text(after[attribute]):
            changes[name] = [text(before.get(attribute)), text(after[attribute])]
    return changes


def m2m_change(operation: str, objects: Iterable[object]) -> dict[str, Any]:
    """A many-to-many change as Paperless-ngx's audit log shows it (`operation` is "add" or "remove")."""
    return {"type": "m2m", "operation": operation, "objects": [str(obj) for obj in objects]}


def custom_field_change(field_name: str, value: object) -> dict[str, Any]:
    """The changes of a custom field entry, as Paperless-ngx's history shows them."""
    return {"custom_fields": {"type": "custom_field", "field": field_name, "value": text(value)}}


def note_added(note_id: int) -> dict[str, Any]:
    """The changes Paperless-ngx's notes endpoint logs on the document when a note is added (the id, not the text)."""
    return {"Note Added": ["None", note_id]}


def note_deleted(note_id: int) -> dict[str, Any]:
    """The changes Paperless-ngx's notes endpoint logs on the document when a note is deleted."""
    return {"Note Deleted": [note_id, "None"]}


def custom_field_value(field: Any, value: object) -> object:
    """The value a custom field entry shows: a select field's option label rather than its id (as Paperless-ngx)."""
    if value is not None and getattr(field, "data_type", None) == "select":
        options = (getattr(field, "extra_data", None) or {}).get("select_options") or []
        return next((o.get("label") for o in options if isinstance(o, dict) and o.get("id") == value), None)
    return value


def record(document_ids: Iterable[int], action: int, changes: Mapping[str, Any], actor: Any = None) -> int:
    """Record one history entry per document; return how many were written (none when the log is off).

    An update without changes is not recorded. `actor` defaults to whoever is acting (see `acting_as`).
    """
    ids = list(dict.fromkeys(document_ids))
    if not ids or not enabled() or (action == UPDATE and not changes):
        return 0
    who = actor if actor is not None else current_actor()
    actor_id = getattr(who, "pk", None)
    DocumentHistory.objects.bulk_create(
        [DocumentHistory(document_id=pk, action=action, changes=dict(changes), actor_id=actor_id) for pk in ids]
    )
    return len(ids)


def entries(document_id: int) -> list[dict[str, Any]]:
    """Return a document's history, newest first, in the shape of Paperless-ngx's `/history/` answer."""
    rows = DocumentHistory.objects.filter(document_id=document_id).select_related("actor").order_by("-timestamp", "-pk")
    return [
        {
            "id": row.pk,
            "timestamp": row.timestamp,
            "action": row.get_action_display(),
            "changes": row.changes,
            "actor": {"id": row.actor.pk, "username": row.actor.get_username()} if row.actor is not None else None,
        }
        for row in rows
    ]


def tag_sets(document_ids: Iterable[int]) -> dict[int, set[int]]:
    """Return each document's tag ids (empty when the log is off: nothing will be compared)."""
    from paperkeep.documents.models import Document

    ids = list(document_ids)
    sets: dict[int, set[int]] = {pk: set() for pk in ids}
    if not enabled():
        return {}
    for document_id, tag_id in Document.tags.through.objects.filter(document_id__in=ids).values_list(
        "document_id", "tag_id"
    ):
        sets[document_id].add(tag_id)
    return sets


def record_tags(before: Mapping[int, set[int]], after: Mapping[int, set[int]], actor: Any = None) -> None:
    """Record the tags each document gained and lost (by name, as Paperless-ngx shows them)."""
    from paperkeep.documents.models import Tag

    if not before:
        return
    touched = set().union(*(before[pk] ^ after.get(pk, set()) for pk in before))
    names = dict(Tag.objects.filter(pk__in=touched).values_list("pk", "name"))
    for pk, old in before.items():
        new = after.get(pk, set())
        for operation, tag_ids in (("add", new - old), ("remove", old - new)):
            if tag_ids:
                objects = sorted(names.get(tag_id, str(tag_id)) for tag_id in tag_ids)
                record([pk], UPDATE, {"tags": m2m_change(operation, objects)}, actor)


def created_changes(document: Any) -> dict[str, Any]:
    """The changes of a "create" entry: each field the new document has a value in (as `["None", value]`),
    and its tags by name."""
    changes: dict[str, Any] = {}
    for attribute, name in CREATED_FIELDS.items():
        value = getattr(document, attribute, None)
        if value is not None:
            changes[name] = ["None", text(value)]
    tags = sorted(document.tags.values_list("name", flat=True))
    if tags:
        changes["tags"] = m2m_change("add", tags)
    return changes
