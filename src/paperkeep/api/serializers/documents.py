"""The document object as Paperless-ngx shows it (§2.3), built for a whole page at once.

`DocumentPage.load()` reads everything a page needs in a fixed number of queries (tags, notes, custom fields,
versions, grants), only for the fields asked for; `render()` then builds each object from memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pathvalidate
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from paperkeep.api.compiled import page_query
from paperkeep.api.grants import PagePermissions
from paperkeep.documents.models import VALUE_COLUMN, CustomFieldInstance, Document, Note
from paperkeep.documents.queries import trashed_documents, visible_documents
from paperkeep.parsers.registry import extension_for

FIELDS = (
    "id", "correspondent", "document_type", "storage_path", "title", "content", "tags", "created", "created_date",
    "modified", "added", "deleted_at", "archive_serial_number", "original_file_name", "archived_file_name",
    "duplicate_documents", "owner", "permissions", "user_can_change", "is_shared_by_requester", "notes",
    "custom_fields", "page_count", "mime_type", "root_document", "versions",
)  # fmt: skip
TRUNCATE_AT = 550
_datetime_field = serializers.DateTimeField()


def iso_datetime(value: datetime | None) -> str | None:
    """Format a datetime as DRF does (local time zone, `Z` for UTC)."""
    return None if value is None else str(_datetime_field.to_representation(value))


class DateTimes:
    """`iso_datetime` for a whole page: the current time zone is looked up once, not per value (DRF's lookup
    goes through the request's context-local state, ~20 µs a value under the web server)."""

    def __init__(self) -> None:
        iso = str(api_settings.DATETIME_FORMAT or "").lower() == ISO_8601
        self.zone = timezone.get_current_timezone() if settings.USE_TZ and iso else None

    def __call__(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if self.zone is None or timezone.is_naive(value):
            return iso_datetime(value)  # DRF's own path for what the fast one does not cover
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def with_version_flag(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Annotate `has_versions` (an indexed EXISTS per row), so pages without versions skip the versions query."""
    return documents.annotate(has_versions=Exists(Document.global_objects.filter(root_document_id=OuterRef("pk"))))


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def with_correspondent_name(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Annotate `correspondent_name` (what `public_filename` needs) instead of loading the correspondent."""
    return documents.annotate(correspondent_name=F("correspondent__name"))


def _correspondent_name(document: Document) -> str | None:
    if "correspondent_name" in document.__dict__:
        return document.__dict__["correspondent_name"]
    if document.correspondent_id and document.correspondent is not None:
        return document.correspondent.name
    return None


def public_filename(document: Document, *, archive: bool) -> str:
    """Return the download name Paperless gives: `<created> [<correspondent>] [<title>]<ext>`."""
    name = document.created.isoformat()
    correspondent = _correspondent_name(document) if document.correspondent_id else None
    if correspondent is not None:
        name += f" {correspondent}"
    if document.title:
        name += f" {document.title}"
    extension = ".pdf" if archive else (extension_for(document.mime_type) or f".{document.file_type}".rstrip("."))
    return str(pathvalidate.sanitize_filename(name + extension, replacement_text="-"))


def custom_field_value(instance: CustomFieldInstance) -> Any:
    data_type = instance.__dict__.get("field_data_type")  # annotated by `DocumentPage.load`
    value = instance.value if data_type is None else getattr(instance, VALUE_COLUMN[data_type])
    if isinstance(value, date):
        return value.isoformat()
    return value


def note_object(note: Note, formatted: Callable[[datetime | None], str | None] = iso_datetime) -> dict[str, Any]:
    if "author_username" in note.__dict__:  # annotated by `DocumentPage.load`
        author = note.__dict__
        user = None
        if note.user_id is not None:
            user = {
                "id": note.user_id,
                "username": author["author_username"],
                "first_name": author["author_first_name"],
                "last_name": author["author_last_name"],
            }
    else:
        found = note.user
        user = None
        if found is not None:
            user = {
                "id": found.pk,
                "username": found.username,
                "first_name": found.first_name,
                "last_name": found.last_name,
            }
    return {"id": note.pk, "note": note.note, "created": formatted(note.created), "user": user}


@dataclass
class RenderOptions:
    """What the request asked for: `fields=`, `truncate_content`, `full_perms`, and whether it is a detail view."""

    user: Any
    fields: frozenset[str] | None = None
    truncate: bool = False
    full_perms: bool = False
    detail: bool = False

    def wants(self, name: str) -> bool:
        return self.fields is None or name in self.fields


_PAGE_QUERIES = page_query()


def _tag_rows(ids: Sequence[int]) -> QuerySet[Any]:
    rows = Document.tags.through.objects.filter(document_id__in=ids).order_by("tag_id")
    return rows.values_list("document_id", "tag_id")


def _notes(ids: Sequence[int]) -> QuerySet[Note]:
    """The page's notes with their authors' names annotated (no join of whole user rows)."""
    notes = Note.objects.filter(document_id__in=ids).order_by("created", "pk")
    return notes.annotate(
        author_username=F("user__username"),
        author_first_name=F("user__first_name"),
        author_last_name=F("user__last_name"),
    )


def _field_instances(ids: Sequence[int]) -> QuerySet[CustomFieldInstance]:
    instances = CustomFieldInstance.objects.filter(document_id__in=ids).order_by("created", "pk")
    return instances.annotate(field_data_type=F("field__data_type"))


@dataclass
class DocumentPage:
    """Everything needed to render a page of documents, loaded in bounded queries."""

    options: RenderOptions
    tags: dict[int, list[int]] = field(default_factory=dict)
    notes: dict[int, list[Note]] = field(default_factory=dict)
    custom_fields: dict[int, list[CustomFieldInstance]] = field(default_factory=dict)
    versions: dict[int, list[Document]] = field(default_factory=dict)
    duplicates: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    perms: PagePermissions | None = None
    datetimes: Callable[[datetime | None], str | None] = iso_datetime

    @classmethod
    def load(cls, documents: Sequence[Document], options: RenderOptions) -> DocumentPage:
        page = cls(options, datetimes=DateTimes())
        ids = [doc.pk for doc in documents]
        if not ids:
            return page
        # Each of these is compiled once per page size and then only run (see `paperkeep.api.compiled`).
        if options.wants("tags"):
            for doc_id, tag_id in _PAGE_QUERIES.rows("tags", ids, _tag_rows):
                page.tags.setdefault(doc_id, []).append(tag_id)
        if options.wants("notes"):
            for note in _PAGE_QUERIES.objects("notes", ids, _notes):
                page.notes.setdefault(note.document_id, []).append(note)
        if options.wants("custom_fields"):
            for instance in _PAGE_QUERIES.objects("custom_fields", ids, _field_instances):
                page.custom_fields.setdefault(instance.document_id, []).append(instance)
        with_versions = [doc.pk for doc in documents if getattr(doc, "has_versions", True)]
        if with_versions and (options.wants("versions") or options.wants("content")):
            # The list annotates `has_versions` (an indexed EXISTS per row), so a page without versions skips this.
            for version in Document.global_objects.filter(root_document_id__in=with_versions):
                if version.deleted_at is None:
                    page.versions.setdefault(version.root_document_id, []).append(version)  # type: ignore[arg-type]
        if options.detail and options.wants("duplicate_documents"):
            page.duplicates = {doc.pk: _duplicates(doc, options.user) for doc in documents}
        if {"owner", "permissions", "user_can_change", "is_shared_by_requester"} & set(options.fields or FIELDS):
            page.perms = PagePermissions.load(Document, documents, options.user, full=options.full_perms)
        return page

    def render(self, document: Document) -> dict[str, Any]:
        """Return the API object for one document of the page."""
        full: dict[str, Any] = {
            "id": document.pk,
            "correspondent": document.correspondent_id,
            "document_type": document.document_type_id,
            "storage_path": document.storage_path_id,
            "title": document.title,
        }
        if self.options.wants("content"):
            full["content"] = self._content(document)
        full["tags"] = self.tags.get(document.pk, [])
        full["created"] = full["created_date"] = iso_date(document.created)
        full["modified"] = self.datetimes(document.modified)
        full["added"] = self.datetimes(document.added)
        full["deleted_at"] = self.datetimes(document.deleted_at)
        full["archive_serial_number"] = document.archive_serial_number
        full["original_file_name"] = document.original_filename
        if self.options.wants("archived_file_name"):
            full["archived_file_name"] = public_filename(document, archive=True) if document.archive_filename else None
        full["duplicate_documents"] = self.duplicates.get(document.pk, [])
        full["owner"] = document.owner_id
        if self.perms is not None:
            full.update(self.perms.fields(document, full_perms=self.options.full_perms, shared_flag=True))
        full["notes"] = [note_object(note, self.datetimes) for note in self.notes.get(document.pk, [])]
        full["custom_fields"] = [
            {"value": custom_field_value(instance), "field": instance.field_id}
            for instance in self.custom_fields.get(document.pk, [])
        ]
        full["page_count"] = document.page_count
        full["mime_type"] = document.mime_type
        full["root_document"] = document.root_document_id
        full["versions"] = self._versions(document)
        if self.options.fields is None:
            return full
        return {name: value for name, value in full.items() if name in self.options.fields}

    def _content(self, document: Document) -> str:
        versions = self.versions.get(document.pk)
        if versions:
            content = max(versions, key=lambda version: version.pk).content or ""
        else:
            head = getattr(document, "content_head", None)
            content = head if head is not None else (document.content or "")
        return content[:TRUNCATE_AT] if self.options.truncate else content

    def _versions(self, document: Document) -> list[dict[str, Any]]:
        versions = self.versions.get(document.pk)
        if not versions:  # the usual case: the document alone
            return [
                {
                    "id": document.pk,
                    "added": self.datetimes(document.added),
                    "version_label": document.version_label,
                    "checksum": document.checksum,
                    "is_root": True,
                }
            ]
        entries = [*versions, document]
        return [
            {
                "id": entry.pk,
                "added": self.datetimes(entry.added),
                "version_label": entry.version_label,
                "checksum": entry.checksum,
                "is_root": entry.pk == document.pk,
            }
            for entry in sorted(entries, key=lambda item: item.pk, reverse=True)
        ]


def _duplicates(document: Document, user: Any) -> list[dict[str, Any]]:
    """Return the other documents with the same checksum that the user may see (in the trash too)."""
    checksums = {document.checksum} | ({document.archive_checksum} if document.archive_checksum else set())
    # By checksum first (indexed), then permissions on those few rows only.
    # Two indexed lookups: an OR of the two columns makes SQLite scan the table.
    same = {
        pk
        for column in ("checksum", "archive_checksum")
        for pk in Document.global_objects.filter(**{f"{column}__in": checksums}).order_by().values_list("pk", flat=True)
        if pk != document.pk
    }
    if not same:
        return []
    allowed = Q(pk__in=visible_documents(user).filter(pk__in=same).values("pk")) | Q(
        pk__in=trashed_documents(user).filter(pk__in=same).values("pk")
    )
    rows = (
        Document.global_objects.filter(pk__in=same, root_document__isnull=True)
        .filter(allowed)
        .order_by("-created")
        .values("id", "title", "deleted_at")
    )
    return [{**row, "deleted_at": iso_datetime(row["deleted_at"])} for row in rows]
