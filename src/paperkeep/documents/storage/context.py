"""The variables a filename template sees for one document (the whitelist of `naming.TEMPLATE_VARIABLES`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from paperkeep.documents.storage.naming import NONE_PLACEHOLDER, date_variables, render_template, sanitize_value

if TYPE_CHECKING:
    from paperkeep.documents.models import Document


def _or_none(value: object) -> str:
    text = sanitize_value(value) if value not in (None, "") else ""
    return text or NONE_PLACEHOLDER


def filename_context(document: Document) -> dict[str, object]:
    """Return the template variables for `document` (sanitised strings, lists and plain dicts only)."""
    tags = sorted(document.tags.all(), key=lambda tag: tag.name.lower())
    tag_names = [sanitize_value(tag.name) for tag in tags]
    custom: dict[str, dict[str, object]] = {}
    for instance in document.custom_fields.select_related("field"):
        value = instance.value
        custom[instance.field.name] = {
            "type": instance.field.data_type,
            "value": sanitize_value(value) if isinstance(value, str) else value,
        }
    created: date = document.created
    added = timezone.localdate(document.added) if document.added else timezone.localdate()
    owner = document.owner.username if document.owner_id and document.owner else None
    correspondent = document.correspondent.name if document.correspondent else None
    document_type = document.document_type.name if document.document_type else None
    context: dict[str, object] = {
        "title": _or_none(document.title),
        "correspondent": _or_none(correspondent),
        "document_type": _or_none(document_type),
        "asn": _or_none(document.archive_serial_number),
        "owner_username": _or_none(owner),
        "original_name": _or_none((document.original_filename or "").rsplit(".", 1)[0]),
        "doc_pk": f"{document.pk:07}",
        **date_variables("created", created),
        **date_variables("added", added),
        "tag_list": ",".join(tag_names),
        "tag_name_list": tag_names,
        "custom_fields": custom,
    }
    context["document"] = {
        "id": document.pk, "pk": document.pk, "title": document.title, "content": document.content,
        "page_count": document.page_count, "created": created.isoformat(), "added": added.isoformat(),
        "modified": document.modified.isoformat() if document.modified else None,
        "archive_serial_number": document.archive_serial_number, "mime_type": document.mime_type,
        "checksum": document.checksum, "archive_checksum": document.archive_checksum,
        "filename": document.filename, "archive_filename": document.archive_filename,
        "original_filename": document.original_filename,
        "owner": {"username": owner, "id": document.owner_id} if document.owner_id else None,
        "tags": [{"name": tag.name, "id": tag.pk} for tag in tags],
        "correspondent": correspondent, "document_type": document_type,
        "storage_path": document.storage_path.name if document.storage_path else None,
    }  # fmt: skip
    return context


def filename_template(document: Document) -> str | None:
    """Return the template that names this document: its storage path's, else PAPERLESS_FILENAME_FORMAT."""
    if document.storage_path_id and document.storage_path:
        return document.storage_path.path
    return settings.CONFIG.ocr.filename_format or None


def filename_stem(document: Document) -> str:
    """Return the document's file path without extension: the rendered template, or `<pk:07>`."""
    default = f"{document.pk:07}"
    template = filename_template(document)
    if not template:
        return default
    rendered = render_template(
        template, filename_context(document), remove_none=settings.CONFIG.ocr.filename_format_remove_none
    )
    return rendered or default
