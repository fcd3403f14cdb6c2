"""Custom fields on documents: typed values, validated here, one instance per (document, field)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from paperkeep.documents import history, indexing
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import (
    VALUE_COLUMN,
    CustomField,
    CustomFieldDataType,
    CustomFieldInstance,
    Document,
)

_MONETARY = re.compile(r"^(?P<currency>[A-Z]{3})?(?P<amount>-?\d+(\.\d{1,2})?)$")
INT_RANGE = (-(2**31), 2**31 - 1)


def _bad(field: CustomField, expected: str) -> InvalidValue:
    return InvalidValue(f"{field.name}: {expected}.", field="custom_fields")


def clean_value(field: CustomField, value: object) -> dict[str, object]:
    """Return the value columns to store for `value` (None clears), or raise InvalidValue."""
    column = VALUE_COLUMN[field.data_type]
    columns: dict[str, object] = {name: None for name in set(VALUE_COLUMN.values())}
    columns["value_monetary_amount"] = None
    if value is None or value == "":
        return columns
    kind = field.data_type
    if kind in (CustomFieldDataType.STRING, CustomFieldDataType.LONG_TEXT):
        text = str(value)
        if kind == CustomFieldDataType.STRING and len(text) > 128:
            raise _bad(field, "at most 128 characters")
        columns[column] = text
    elif kind == CustomFieldDataType.URL:
        columns[column] = _uri(field, value)
    elif kind == CustomFieldDataType.DATE:
        columns[column] = _date(field, value)
    elif kind == CustomFieldDataType.BOOL:
        columns[column] = _boolean(field, value)
    elif kind == CustomFieldDataType.INT:
        columns[column] = _integer(field, value)
    elif kind == CustomFieldDataType.FLOAT:
        columns[column] = _float(field, value)
    elif kind == CustomFieldDataType.MONETARY:
        text, amount = _monetary(field, value)
        columns[column], columns["value_monetary_amount"] = text, amount
    elif kind == CustomFieldDataType.DOCUMENTLINK:
        columns[column] = _document_ids(field, value)
    elif kind == CustomFieldDataType.SELECT:
        options = {str(option.get("id")) for option in (field.extra_data or {}).get("select_options", [])}
        if str(value) not in options:
            raise _bad(field, "must be one of the field's options")
        columns[column] = str(value)
    return columns


def _uri(field: CustomField, value: object) -> str:
    """Any URI with a scheme and a location or path (smb://nas/share, mailto:…), as Paperless-ngx accepts."""
    text = str(value)
    parts = urlsplit(text)
    if not parts.scheme or not (parts.netloc or parts.path):
        raise _bad(field, "enter a valid URI with a scheme (https://…, smb://…)")
    return text


_TRUE = frozenset({"true", "t", "1"})
_FALSE = frozenset({"false", "f", "0"})


def _boolean(field: CustomField, value: object) -> bool:
    """true/false, and what Django's BooleanField takes for them ("true", "1", 0, …)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str | int) else ""
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise _bad(field, "must be true or false")


def _integer(field: CustomField, value: object) -> int:
    """A whole number in PostgreSQL's integer range; a string of digits counts (Paperless-ngx takes "42")."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not re.fullmatch(r"-?\d+", str(value).strip()):
        raise _bad(field, "must be a whole number")
    number = int(str(value).strip())
    if not INT_RANGE[0] <= number <= INT_RANGE[1]:
        raise _bad(field, f"must be between {INT_RANGE[0]} and {INT_RANGE[1]}")
    return number


def _float(field: CustomField, value: object) -> float:
    """A JSON number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or abs(value) == float("inf"):
        raise _bad(field, "must be a number")
    return float(value)


def _date(field: CustomField, value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise _bad(field, "must be a date (YYYY-MM-DD)") from None


def _monetary(field: CustomField, value: object) -> tuple[str, Decimal]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value:.2f}"
    match = _MONETARY.match(str(value))
    if match is None:
        raise _bad(field, "must be an amount with up to two decimals, optionally after a currency code (EUR12.50)")
    try:
        amount = Decimal(match["amount"])
    except InvalidOperation:
        raise _bad(field, "must be an amount") from None
    return str(value), amount


def _document_ids(field: CustomField, value: object) -> list[int]:
    if not isinstance(value, list | tuple) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise _bad(field, "must be a list of document ids")
    ids = sorted(set(value))
    if Document.global_objects.filter(pk__in=ids).count() != len(ids):
        raise _bad(field, "links to a document that does not exist")
    return ids


def set_custom_fields(document: Document, values: Mapping[int, object], *, reindex: bool = True) -> None:
    """Set (add or change) custom field values on a document; document links are mirrored on the target."""
    if not values:
        return
    fields = {field.pk: field for field in CustomField.objects.filter(pk__in=list(values))}
    missing = set(values) - set(fields)
    if missing:
        raise InvalidValue(f"Unknown custom field(s): {sorted(missing)}.", field="custom_fields")
    with transaction.atomic():
        touched = {document.pk}
        old = {i.field_id: i.value for i in CustomFieldInstance.objects.filter(document=document, field_id__in=values)}
        for field_id, value in values.items():
            field = fields[field_id]
            columns = clean_value(field, value)
            instance, created = CustomFieldInstance.objects.update_or_create(
                document=document, field=field, defaults=columns
            )
            if created or history.text(old.get(field_id)) != history.text(instance.value):
                # Paperless-ngx logs the field's instance: "create" when it is first set, then "update".
                action = history.CREATE if created else history.UPDATE
                shown = history.custom_field_value(field, instance.value)
                history.record([document.pk], action, history.custom_field_change(field.name, shown))
            if field.data_type == CustomFieldDataType.DOCUMENTLINK:
                linked = columns["value_document_ids"]
                touched |= _mirror_links(document.pk, field, linked if isinstance(linked, list) else [])
        Document.global_objects.filter(pk__in=touched).update(modified=timezone.now())
        if reindex:
            indexing.schedule_index(touched)


def _mirror_links(source_id: int, field: CustomField, targets: Iterable[int]) -> set[int]:
    touched: set[int] = set()
    for target_id in targets:
        if target_id == source_id:
            continue
        instance, _ = CustomFieldInstance.objects.get_or_create(document_id=target_id, field=field)
        linked = set(instance.value_document_ids or [])
        if source_id not in linked:
            instance.value_document_ids = sorted(linked | {source_id})
            instance.save(update_fields=["value_document_ids"])
            touched.add(target_id)
    return touched


def remove_custom_fields(document: Document, field_ids: Iterable[int]) -> None:
    """Remove these custom fields from a document."""
    with transaction.atomic():
        gone = CustomFieldInstance.objects.filter(document=document, field_id__in=list(field_ids))
        for instance in gone.select_related("field"):
            shown = history.custom_field_value(instance.field, instance.value)
            history.record([document.pk], history.DELETE, history.custom_field_change(instance.field.name, shown))
        deleted, _ = CustomFieldInstance.objects.filter(document=document, field_id__in=list(field_ids)).delete()
        if deleted:
            Document.global_objects.filter(pk=document.pk).update(modified=timezone.now())
            indexing.schedule_index([document.pk])
