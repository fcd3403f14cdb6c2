"""`selection_data`: how many of a set of documents have each correspondent, type, path, tag and custom field.

Each count is one grouped query over the document set as a subquery: no id lists in Python, no DISTINCT.
Only objects the requester can view are listed (with 0 when no document of the set has them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from paperkeep.api import count_cache
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


def selection_data(documents: QuerySet[Document], user: Any, cache_key: str | None = None) -> dict[str, Any]:
    """Return Paperless's selection_data object for these (already permission-checked) documents.

    With `cache_key`, the counts (not the object lists) are remembered until the next document write.
    """

    def counts() -> dict[str, dict[int, int]]:
        subset = documents.order_by().values("pk")
        by_fk = documents.order_by()
        return {
            "correspondents": _grouped(by_fk, "correspondent_id"),
            "tags": _grouped(Document.tags.through.objects.filter(document_id__in=subset), "tag_id"),
            "document_types": _grouped(by_fk, "document_type_id"),
            "storage_paths": _grouped(by_fk, "storage_path_id"),
            "custom_fields": _grouped(CustomFieldInstance.objects.filter(document_id__in=subset), "field_id"),
        }

    found = count_cache.remember(cache_key, counts) if cache_key else counts()

    def visible_ids(model: Any) -> list[int]:
        return list(queries.visible(model, user).order_by("pk").values_list("pk", flat=True))

    return {
        "selected_correspondents": _listing(visible_ids(Correspondent), found["correspondents"]),
        "selected_tags": _listing(visible_ids(Tag), found["tags"]),
        "selected_document_types": _listing(visible_ids(DocumentType), found["document_types"]),
        "selected_storage_paths": _listing(visible_ids(StoragePath), found["storage_paths"]),
        "selected_custom_fields": _listing(
            list(CustomField.objects.order_by("pk").values_list("pk", flat=True)), found["custom_fields"]
        ),
    }
