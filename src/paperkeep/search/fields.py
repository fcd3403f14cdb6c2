"""The field names a user may write in a query (`title:`, `tag:`, `created:` ...) and what they search."""

from __future__ import annotations

from dataclasses import dataclass

from paperkeep.search import schema as f
from paperkeep.search.analysis import KEYWORD, PLAIN, TEXT


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one user-facing field is searched."""

    kind: str  # "text", "number" or "date"
    index_field: str
    tokenizer: str = TEXT
    wildcard_field: str = ""  # where `inv*` goes; defaults to index_field

    @property
    def wildcard_target(self) -> str:
        """Return the index field that wildcard patterns are matched against."""
        return self.wildcard_field or self.index_field


def _text(index_field: str, tokenizer: str = TEXT, wildcard_field: str = "") -> FieldSpec:
    return FieldSpec("text", index_field, tokenizer, wildcard_field)


def _number(index_field: str) -> FieldSpec:
    return FieldSpec("number", index_field)


def _date(index_field: str) -> FieldSpec:
    return FieldSpec("date", index_field)


FIELDS: dict[str, FieldSpec] = {
    "title": _text(f.TITLE, wildcard_field=f.TITLE_PLAIN),
    "content": _text(f.CONTENT),
    "correspondent": _text(f.CORRESPONDENT),
    "document_type": _text(f.DOCUMENT_TYPE),
    "type": _text(f.DOCUMENT_TYPE),
    "storage_path": _text(f.STORAGE_PATH),
    "path": _text(f.STORAGE_PATH),
    "tag": _text(f.TAG),
    "tags": _text(f.TAG),
    "notes": _text(f.NOTES),
    "note": _text(f.NOTES),
    "notes.note": _text(f.NOTES),
    "notes.user": _text(f.NOTE_USER, KEYWORD),
    "note.user": _text(f.NOTE_USER, KEYWORD),
    "custom_fields": _text(f.CF_VALUE),
    "custom_fields.value": _text(f.CF_VALUE),
    "custom_field": _text(f.CF_VALUE),
    "custom_fields.name": _text(f.CF_NAME, PLAIN),
    "original_filename": _text(f.ORIGINAL_FILENAME, PLAIN),
    "filename": _text(f.ORIGINAL_FILENAME, PLAIN),
    "mime_type": _text(f.MIME_TYPE, KEYWORD),
    "owner": _text(f.OWNER, KEYWORD),
    "checksum": _text(f.CHECKSUM, KEYWORD),
    "id": _number(f.ID),
    "asn": _number(f.ASN),
    "archive_serial_number": _number(f.ASN),
    "page_count": _number(f.PAGE_COUNT),
    "num_notes": _number(f.NUM_NOTES),
    "tag_id": _number(f.TAG_ID),
    "correspondent_id": _number(f.CORRESPONDENT_ID),
    "document_type_id": _number(f.DOCUMENT_TYPE_ID),
    "type_id": _number(f.DOCUMENT_TYPE_ID),
    "storage_path_id": _number(f.STORAGE_PATH_ID),
    "path_id": _number(f.STORAGE_PATH_ID),
    "owner_id": _number(f.OWNER_ID),
    "custom_field_id": _number(f.CUSTOM_FIELD_ID),
    "created": _date(f.CREATED),
    "added": _date(f.ADDED),
    "modified": _date(f.MODIFIED),
}

# What a word without a field searches, with the title counting double.
DEFAULT_FIELDS: tuple[tuple[str, float], ...] = (
    (f.TITLE, 2.0),
    (f.CONTENT, 1.0),
    (f.NOTES, 1.0),
    (f.CF_VALUE, 1.0),
    (f.CORRESPONDENT, 1.0),
    (f.DOCUMENT_TYPE, 1.0),
    (f.TAG, 1.0),
)


def lookup(name: str) -> FieldSpec | None:
    """Return the spec of a user-facing field name (case-insensitive), or None."""
    return FIELDS.get(name.lower())


def is_calendar_date(spec: FieldSpec) -> bool:
    """Return whether a date field holds calendar dates (created) rather than moments."""
    return spec.index_field == f.CREATED
