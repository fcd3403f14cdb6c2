"""`selection_data`: how many of a set of documents have each correspondent, type, path, tag and custom field.

Each count is one grouped query over the document set as a subquery: no id lists in Python, no DISTINCT.
Only objects the requester can view are listed (with 0 when no document of the set has them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from paperkeep.documents import queries
from paperkeep.documents.models import (
    Correspondent,
    CustomField,
    CustomFieldInstance,
    Document,
    DocumentType,
    StoragePath,
    Tag,
)


def _grouped(rows: QuerySet[Any], column: str) -> dict[int, int]:
    return {row[column]: row["n"] for row in rows.order_by().values(column).annotate(n=Count("pk"))}


def _listing(ids: list[int], found: dict[int, int]) -> list[dict[str, int]]:
    return [{"id": pk, "document_count": found.get(pk, 0)} for pk in ids]


def selection_data(documents: QuerySet[Document], user: Any) -> dict[str, list[dict[str, int]]]:
    """Return Paperless's selection_data object for these (already permission-checked) documents."""
    subset = documents.order_by().values("pk")
    by_fk = documents.order_by()

    def visible_ids(model: Any) -> list[int]:
        return list(queries.visible(model, user).order_by("pk").values_list("pk", flat=True))

    tag_rows = Document.tags.through.objects.filter(document_id__in=subset)
    field_rows = CustomFieldInstance.objects.filter(document_id__in=subset)
    return {
        "selected_correspondents": _listing(visible_ids(Correspondent), _grouped(by_fk, "correspondent_id")),
        "selected_tags": _listing(visible_ids(Tag), _grouped(tag_rows, "tag_id")),
        "selected_document_types": _listing(visible_ids(DocumentType), _grouped(by_fk, "document_type_id")),
        "selected_storage_paths": _listing(visible_ids(StoragePath), _grouped(by_fk, "storage_path_id")),
        "selected_custom_fields": _listing(
            list(CustomField.objects.order_by("pk").values_list("pk", flat=True)), _grouped(field_rows, "field_id")
        ),
    }
