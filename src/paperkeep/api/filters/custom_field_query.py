"""`custom_field_query=`: Paperless-ngx's JSON query language over custom field values (§1.13).

A query is an atom `[field name or id, operator, value]`, or `["AND"|"OR", [queries]]`, or `["NOT", query]`,
at most 10 levels deep with at most 20 atoms. Every atom becomes one EXISTS subquery on the field instances,
so the document list never joins (and never needs DISTINCT).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Exists, OuterRef, Q
from rest_framework import serializers

from paperkeep.documents.models import VALUE_COLUMN, CustomField, CustomFieldDataType, CustomFieldInstance

MAX_DEPTH = 10
MAX_ATOMS = 20
T = CustomFieldDataType
TEXTUAL = {T.STRING, T.URL, T.LONG_TEXT, T.MONETARY}
ORDERED = {T.INT, T.FLOAT, T.DATE, T.MONETARY}
OPERATORS = {
    "exact": None, "in": None, "isnull": None, "exists": None,
    "icontains": TEXTUAL, "istartswith": TEXTUAL, "iendswith": TEXTUAL,
    "gt": ORDERED, "gte": ORDERED, "lt": ORDERED, "lte": ORDERED, "range": ORDERED,
    "contains": {T.DOCUMENTLINK},
}  # fmt: skip


def _error(message: str) -> serializers.ValidationError:
    return serializers.ValidationError({"custom_field_query": [message]})


class CustomFieldQuery:
    """Parse a query string into a Q over documents, validating as it goes."""

    def __init__(self) -> None:
        self.atoms = 0
        self.fields: dict[str, CustomField] = {}

    def parse(self, raw: str) -> Q:
        try:
            query = json.loads(raw)
        except json.JSONDecodeError:
            raise _error("Value must be valid JSON.") from None
        return self._node(query, 0)

    def _node(self, node: Any, depth: int) -> Q:
        if depth >= MAX_DEPTH:
            raise _error("Maximum nesting depth exceeded.")
        if not isinstance(node, list) or not node:
            raise _error("Invalid custom field query expression")
        head = node[0]
        if isinstance(head, str) and head.upper() in ("AND", "OR") and len(node) == 2:
            children = node[1]
            if not isinstance(children, list) or not children:
                raise _error("Invalid logical expression")
            parts = [self._node(child, depth + 1) for child in children]
            combined = parts[0]
            for part in parts[1:]:
                combined = combined & part if head.upper() == "AND" else combined | part
            return combined
        if isinstance(head, str) and head.upper() == "NOT" and len(node) == 2:
            return ~self._node(node[1], depth + 1)
        if len(node) == 3:
            return self._atom(*node)
        raise _error("Invalid custom field query expression")

    def _field(self, key: Any) -> CustomField:
        if str(key) in self.fields:
            return self.fields[str(key)]
        found = None
        if isinstance(key, int) and not isinstance(key, bool):
            found = CustomField.objects.filter(pk=key).first()
        elif isinstance(key, str):
            found = CustomField.objects.filter(name=key).first()
            if found is None and key.isdigit():
                found = CustomField.objects.filter(pk=int(key)).first()
        if found is None:
            raise _error(f"{key} is not a valid custom field.")
        self.fields[str(key)] = found
        return found

    def _atom(self, key: Any, op: Any, value: Any) -> Q:
        self.atoms += 1
        if self.atoms > MAX_ATOMS:
            raise _error("Maximum number of query conditions exceeded.")
        field = self._field(key)
        if op not in OPERATORS:
            raise _error(f"{op} is not a supported lookup expression.")
        allowed = OPERATORS[op]
        if allowed is not None and field.data_type not in allowed:
            raise _error(f"{field.data_type} does not support lookup expr {op}.")
        instances = CustomFieldInstance.objects.filter(document_id=OuterRef("pk"), field_id=field.pk)
        if op == "exists":
            if not isinstance(value, bool):
                raise _error("Value must be a boolean.")
            return Q(Exists(instances)) if value else ~Q(Exists(instances))
        column = VALUE_COLUMN[field.data_type]
        if op == "isnull":
            if not isinstance(value, bool):
                raise _error("Value must be a boolean.")
            return Q(Exists(instances.filter(**{f"{column}__isnull": value})))
        if op == "contains":
            return self._contains(field, value)
        if field.data_type == T.MONETARY and op in ORDERED_OPS:
            column = "value_monetary_amount"
        return Q(Exists(instances.filter(**{f"{column}__{op}": self._value(field, op, value)})))

    def _contains(self, field: CustomField, value: Any) -> Q:
        if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
            raise _error("Value must be a list of document ids.")
        wanted = set(value)
        # JSON list containment is not portable across databases: decide it in Python, per field (small).
        rows = CustomFieldInstance.objects.filter(field_id=field.pk).values_list("document_id", "value_document_ids")
        ids = [doc for doc, linked in rows if wanted.issubset(set(linked or []))]
        return Q(pk__in=ids)

    def _value(self, field: CustomField, op: str, value: Any) -> Any:
        if op == "in":
            if not isinstance(value, list):
                raise _error("Value must be a list.")
            return [self._scalar(field, item) for item in value]
        if op == "range":
            if not isinstance(value, list) or len(value) != 2:
                raise _error("Value must be a list of two elements.")
            return [self._scalar(field, item, ordered=True) for item in value]
        return self._scalar(field, value, ordered=op in ORDERED_OPS)

    def _scalar(self, field: CustomField, value: Any, *, ordered: bool = False) -> Any:
        kind = field.data_type
        try:
            if kind == T.DATE:
                return date.fromisoformat(str(value))
            if kind == T.INT:
                if isinstance(value, bool):
                    raise ValueError
                return int(value)
            if kind == T.FLOAT:
                return float(value)
            if kind == T.BOOL:
                if not isinstance(value, bool):
                    raise ValueError
                return value
            if kind == T.MONETARY and ordered:
                return Decimal(str(value))
            if kind == T.SELECT:
                options = {str(o.get("id")) for o in (field.extra_data or {}).get("select_options", [])}
                if str(value) not in options:
                    raise ValueError
                return str(value)
        except (ValueError, TypeError, InvalidOperation):
            raise _error(f"{value!r} is not a valid value for {field.name} ({kind}).") from None
        if not isinstance(value, str | int | float):
            raise _error(f"{value!r} is not a valid value for {field.name}.")
        return str(value)


ORDERED_OPS = {"gt", "gte", "lt", "lte", "range"}


def custom_field_query(raw: str) -> Q:
    """Return the condition for a `custom_field_query` parameter, or raise a 400 ValidationError."""
    return CustomFieldQuery().parse(raw)
