"""The document page's history list: audit log entries turned into readable lines (names instead of ids)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from paperkeep.documents import history
from paperkeep.documents.models import Correspondent, Document, DocumentType, StoragePath
from paperkeep.web.access import can, is_superuser

_NAMED: dict[str, Any] = {
    "correspondent": Correspondent,
    "document_type": DocumentType,
    "storage_path": StoragePath,
}


@dataclass(frozen=True)
class HistoryRow:
    """One history entry as the page shows it: when, what, who, and one line per change."""

    timestamp: Any
    action: str
    actor: str | None
    lines: tuple[str, ...]


def may_view_history(user: Any, document: Document) -> bool:
    """Paperless-ngx's rule: `view_logentry`, and ownership (or no owner) unless superuser."""
    if not can(user, "documents.view_logentry"):
        return False
    return is_superuser(user) or document.owner_id is None or document.owner_id == user.pk


def _name(field: str, value: str) -> str:
    if value == "None" or not value.isdigit():
        return value
    if field == "owner":
        user = get_user_model().objects.filter(pk=int(value)).first()
        return user.get_username() if user is not None else value
    model = _NAMED.get(field)
    if model is None:
        return value
    obj = model.objects.filter(pk=int(value)).first()
    return obj.name if obj is not None else value


_NOTE_LINES = {"Note Added": "note added", "Note Deleted": "note removed"}  # as Paperless-ngx logs them


def _line(field: str, change: Any) -> str:
    if field in _NOTE_LINES:
        return _NOTE_LINES[field]  # the text stays in Notes
    if isinstance(change, list) and len(change) == 2:
        return f"{field}: {_name(field, str(change[0]))} → {_name(field, str(change[1]))}"
    if field == "notes" and isinstance(change, dict):
        return "note added" if change.get("operation") == "add" else "note removed"  # the text stays in Notes
    if isinstance(change, dict) and change.get("type") == "m2m":
        return f"{field} {change.get('operation')}: {', '.join(str(o) for o in change.get('objects', []))}"
    if isinstance(change, dict) and change.get("type") == "custom_field":
        return f"custom field {change.get('field')}: {change.get('value')}"
    return f"{field}: {change}"


def history_rows(document: Document) -> list[HistoryRow]:
    """The document's history, newest first, ready for the template (which escapes every value)."""
    return [
        HistoryRow(
            timestamp=entry["timestamp"],
            action=entry["action"],
            actor=entry["actor"]["username"] if entry["actor"] else None,
            lines=tuple(_line(field, change) for field, change in entry["changes"].items()),
        )
        for entry in history.entries(document.pk)
    ]
