"""`ordering=` on the document list: Paperless-ngx's sortable fields, `-` for descending."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from rest_framework import serializers

from paperkeep.documents.models import (
    VALUE_COLUMN,
    CustomField,
    CustomFieldDataType,
    CustomFieldInstance,
    Document,
    Note,
)

DEFAULT = ("-created", "-id")
COLUMNS = {
    "id": "id",
    "title": "title",
    "correspondent__name": "correspondent__name",
    "document_type__name": "document_type__name",
    "storage_path__name": "storage_path__name",
    "created": "created",
    "modified": "modified",
    "added": "added",
    "archive_serial_number": "archive_serial_number",
    "num_notes": "num_notes",
    "owner": "owner_id",
    "page_count": "page_count",
}
CUSTOM_PREFIX = "custom_field_"


def _notes_count() -> Coalesce:
    counted = Note.objects.filter(document_id=OuterRef("pk")).order_by().values("document_id").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def _by_custom_field(
    documents: QuerySet[Document], term: str, descending: bool
) -> tuple[QuerySet[Document], list[str]]:
    try:
        field_id = int(term.removeprefix(CUSTOM_PREFIX))
        field = CustomField.objects.get(pk=field_id)
    except (ValueError, CustomField.DoesNotExist):
        raise serializers.ValidationError({term: ["Custom field not found"]}) from None
    column = VALUE_COLUMN[field.data_type]
    if field.data_type == CustomFieldDataType.MONETARY:
        column = "value_monetary_amount"
    instances = CustomFieldInstance.objects.filter(document_id=OuterRef("pk"), field_id=field_id)
    documents = documents.annotate(
        custom_field_value=Subquery(instances.values(column)[:1]), has_field=Exists(instances)
    )
    return documents, ["-has_field", ("-" if descending else "") + "custom_field_value"]


def order_documents(documents: QuerySet[Document], param: str | None) -> QuerySet[Document]:
    """Order by the requested fields (unknown ones are ignored, as DRF does); ties break on the id."""
    order: list[str] = []
    for raw in (param or "").split(","):
        term = raw.strip()
        descending = term.startswith("-")
        name = term.lstrip("-")
        if name.startswith(CUSTOM_PREFIX):
            documents, extra = _by_custom_field(documents, name, descending)
            order.extend(extra)
        elif name in COLUMNS:
            if name == "num_notes":
                documents = documents.annotate(num_notes=_notes_count())
            order.append(("-" if descending else "") + COLUMNS[name])
    if not order:
        return documents.order_by(*DEFAULT)
    if not any(term.lstrip("-") == "id" for term in order):
        order.append("-id" if order[0].startswith("-") else "id")
    return documents.order_by(*order)
