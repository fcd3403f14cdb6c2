"""Create, change and delete custom field definitions (the values on documents live in `custom_fields`)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from paperkeep.documents import indexing
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import CustomField, CustomFieldDataType, CustomFieldInstance, Document


def _clean_extra(data_type: str, extra: Any) -> Any:
    if data_type == CustomFieldDataType.SELECT:
        options = (extra or {}).get("select_options") if isinstance(extra, dict) else None
        if (
            not isinstance(options, list)
            or not options
            or not all(isinstance(option, dict) and str(option.get("label", "")).strip() for option in options)
        ):
            raise InvalidValue("extra_data.select_options must be a valid list", field="error")
        for option in options:
            if option.get("id") is None:
                option["id"] = secrets.token_urlsafe(12)[:16]
    elif data_type == CustomFieldDataType.MONETARY and isinstance(extra, dict):
        currency = extra.get("default_currency")
        if currency is not None and (not isinstance(currency, str) or len(currency) not in (0, 3)):
            raise InvalidValue("extra_data.default_currency must be a 3-character string", field="error")
    return extra


def _check_name(name: str, exclude_pk: int | None = None) -> None:
    if not name.strip():
        raise InvalidValue("The name may not be blank.", field="name")
    clash = CustomField.objects.filter(name=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise InvalidValue("Object violates name unique constraint", field="error")


def create_custom_field(name: str, data_type: str, extra_data: Any = None) -> CustomField:
    """Create a custom field; select fields get ids for options that have none."""
    if data_type not in CustomFieldDataType.values:
        raise InvalidValue(f'"{data_type}" is not a valid choice.', field="data_type")
    _check_name(name)
    return CustomField.objects.create(name=name, data_type=data_type, extra_data=_clean_extra(data_type, extra_data))


def update_custom_field(field: CustomField, **changes: Any) -> CustomField:
    """Rename a field or change its extra data; values of removed select options are cleared."""
    with transaction.atomic():
        if "name" in changes:
            _check_name(changes["name"], exclude_pk=field.pk)
            field.name = changes["name"]
        if "extra_data" in changes:
            extra = _clean_extra(field.data_type, changes["extra_data"])
            if field.data_type == CustomFieldDataType.SELECT:
                _clear_removed_options(field, extra)
            field.extra_data = extra
        field.save()
        indexing.schedule_index(_document_ids(field))
    return field


def _clear_removed_options(field: CustomField, extra: dict[str, Any]) -> None:
    kept = {str(option.get("id")) for option in extra.get("select_options", [])}
    stale = CustomFieldInstance.objects.filter(field=field).exclude(value_select__isnull=True)
    stale.exclude(value_select__in=kept).update(value_select=None)


def delete_custom_field(field: CustomField) -> None:
    """Delete a custom field and its values on every document."""
    with transaction.atomic():
        ids = _document_ids(field)
        field.delete()
        Document.global_objects.filter(pk__in=ids).update(modified=timezone.now())
        indexing.schedule_index(ids)


def _document_ids(field: CustomField) -> list[int]:
    return list(CustomFieldInstance.objects.filter(field=field).values_list("document_id", flat=True))
