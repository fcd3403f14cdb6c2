"""Paperless-ngx's `custom_field_query` JSON as a WHERE condition, for the documents page and saved views.

A query is `[field, op, value]` (field by id or name), `["AND"|"OR", [query, ...]]` or `["NOT", query]`.
Ops: exists, isnull, exact, in, icontains, istartswith, iendswith, gt, gte, lt, lte, range.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Exists, OuterRef, Q

from paperkeep.documents.models import VALUE_COLUMN, CustomField, CustomFieldDataType, CustomFieldInstance

TEXT_OPS = ("icontains", "istartswith", "iendswith")
COMPARE_OPS = ("gt", "gte", "lt", "lte")
MAX_DEPTH = 10


def _field(ref: Any) -> CustomField:
    found = CustomField.objects.filter(pk=ref).first() if isinstance(ref, int) else None
    if found is None and isinstance(ref, str):
        found = CustomField.objects.filter(name=ref).first()
        if found is None and ref.isdigit():
            found = CustomField.objects.filter(pk=int(ref)).first()
    if found is None:
        raise ValueError(f"unknown custom field {ref!r}")
    return found


def _typed(field: CustomField, value: Any) -> Any:
    kind = field.data_type
    try:
        if kind == CustomFieldDataType.DATE:
            return date.fromisoformat(str(value)[:10])
        if kind == CustomFieldDataType.INT:
            return int(value)
        if kind == CustomFieldDataType.FLOAT:
            return float(value)
        if kind == CustomFieldDataType.MONETARY:
            return Decimal(str(value).lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if kind == CustomFieldDataType.BOOL:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    except (ValueError, InvalidOperation):
        raise ValueError(f"{field.name}: {value!r} is not a valid {kind}") from None
    return value


def _atom(ref: Any, op: str, value: Any) -> Q:
    field = _field(ref)
    column = VALUE_COLUMN[field.data_type]
    if field.data_type == CustomFieldDataType.MONETARY and op in (*COMPARE_OPS, "range"):
        column = "value_monetary_amount"
    rows = CustomFieldInstance.objects.filter(document_id=OuterRef("pk"), field=field)
    if op == "exists":
        present = Q(Exists(rows))
        return present if value in (True, "true", "1", 1) else ~present
    if op == "isnull":
        empty = Q(Exists(rows.filter(**{f"{column}__isnull": True})))
        return empty if value in (True, "true", "1", 1) else Q(Exists(rows.filter(**{f"{column}__isnull": False})))
    if op == "exact":
        return Q(Exists(rows.filter(**{column: _typed(field, value)})))
    if op == "in":
        if not isinstance(value, list):
            raise ValueError("in needs a list")
        return Q(Exists(rows.filter(**{f"{column}__in": [_typed(field, v) for v in value]})))
    if op in TEXT_OPS:
        return Q(Exists(rows.filter(**{f"{column}__{op}": str(value)})))
    if op in COMPARE_OPS:
        return Q(Exists(rows.filter(**{f"{column}__{op}": _typed(field, value)})))
    if op == "range":
        if not isinstance(value, list) or len(value) != 2:
            raise ValueError("range needs [low, high]")
        low, high = (_typed(field, v) for v in value)
        return Q(Exists(rows.filter(**{f"{column}__gte": low, f"{column}__lte": high})))
    raise ValueError(f"unsupported operator {op!r}")


def custom_field_condition(query: Any, depth: int = 0) -> Q:
    """Return the condition for a parsed custom_field_query; raise ValueError for a malformed one."""
    if depth > MAX_DEPTH:
        raise ValueError("query nested too deeply")
    if not isinstance(query, list) or not query:
        raise ValueError("expected a list")
    head = query[0]
    if head in ("AND", "OR") and len(query) == 2 and isinstance(query[1], list):
        combined = Q() if head == "AND" else Q(pk__in=[])
        for part in query[1]:
            inner = custom_field_condition(part, depth + 1)
            combined = combined & inner if head == "AND" else combined | inner
        return combined
    if head == "NOT" and len(query) == 2:
        return ~custom_field_condition(query[1], depth + 1)
    if len(query) == 3 and isinstance(query[1], str):
        return _atom(query[0], query[1], query[2])
    raise ValueError("expected [field, op, value], [AND|OR, [...]] or [NOT, query]")
