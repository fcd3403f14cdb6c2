"""Document filters by their Paperless-ngx names (`tags__id__all=1,2`, `created__date__gte=2024-01-01`, ...).

These names are what the REST API takes and what saved views store as numbered rules, so a saved view made in
Paperless-ngx's UI (or ours) means the same here. `RULES` maps Paperless's rule numbers to these names;
`apply()` applies (name, value) pairs to a queryset that is already permission-checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from paperkeep.documents.models import CustomFieldInstance, Document
from paperkeep.web.custom_field_query import custom_field_condition

# rule_type -> (filter name, is the value a list of ids). Paperless-ngx's numbering, see SavedViewFilterRule.
RULES: dict[int, tuple[str, bool]] = {
    0: ("title__icontains", False), 1: ("content__icontains", False), 2: ("archive_serial_number", False),
    3: ("correspondent__id", False), 4: ("document_type__id", False), 5: ("is_in_inbox", False),
    6: ("tags__id__all", True), 7: ("is_tagged", False), 8: ("created__date__lt", False),
    9: ("created__date__gt", False), 10: ("created__year", False), 11: ("created__month", False),
    12: ("created__day", False), 13: ("added__date__lt", False), 14: ("added__date__gt", False),
    15: ("modified__date__lt", False), 16: ("modified__date__gt", False), 17: ("tags__id__none", True),
    18: ("archive_serial_number__isnull", False), 19: ("title_content", False), 20: ("query", False),
    21: ("more_like_id", False), 22: ("tags__id__in", True), 23: ("archive_serial_number__gt", False),
    24: ("archive_serial_number__lt", False), 25: ("storage_path__id", False),
    26: ("correspondent__id__in", True), 27: ("correspondent__id__none", True),
    28: ("document_type__id__in", True), 29: ("document_type__id__none", True),
    30: ("storage_path__id__in", True), 31: ("storage_path__id__none", True), 32: ("owner__id", False),
    33: ("owner__id__in", True), 34: ("owner__isnull", False), 35: ("owner__id__none", True),
    36: ("custom_fields__icontains", False), 37: ("shared_by__id", True), 38: ("custom_fields__id__all", True),
    39: ("custom_fields__id__in", True), 40: ("custom_fields__id__none", True), 41: ("has_custom_fields", False),
    42: ("custom_field_query", False), 43: ("created__date__lte", False), 44: ("created__date__gte", False),
    45: ("added__date__lte", False), 46: ("added__date__gte", False), 47: ("mime_type", False),
    48: ("title_search", False), 49: ("text", False),
}  # fmt: skip
RULE_FOR = {name: rule for rule, (name, _multi) in RULES.items()}
MULTI = frozenset(name for name, multi in RULES.values() if multi)
NAMES = frozenset(RULE_FOR)
SEARCH_NAMES = frozenset({"query", "text", "title_search", "more_like_id"})
# The isnull alternatives Paperless uses for "not assigned" in single-id rules (value null).
NULL_OF = {"correspondent__id": "correspondent__isnull", "document_type__id": "document_type__isnull",
           "storage_path__id": "storage_path__isnull"}  # fmt: skip


class BadFilter(ValueError):
    """A filter value cannot be understood; `name` is the filter."""

    code = "bad_filter"

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


def ids(name: str, value: str) -> list[int]:
    try:
        return [int(part) for part in str(value).split(",") if part.strip()]
    except ValueError:
        raise BadFilter(name, "expected a comma-separated list of ids") from None


def flag(value: str) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _day(name: str, value: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise BadFilter(name, "expected a date YYYY-MM-DD") from None


def _int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadFilter(name, "expected a number") from None


def _tag_rows(tag_ids: Iterable[int]) -> Exists:
    through = Document.tags.through
    return Exists(through.objects.filter(document_id=OuterRef("pk"), tag_id__in=list(tag_ids)))


def _field_rows(field_ids: Iterable[int] | None = None) -> Exists:
    rows = CustomFieldInstance.objects.filter(document_id=OuterRef("pk"))
    return Exists(rows if field_ids is None else rows.filter(field_id__in=list(field_ids)))


def _dates(name: str, value: str) -> Q | None:
    column, _, op = name.partition("__date__")
    if column in ("created", "added", "modified") and op in ("gt", "gte", "lt", "lte"):
        lookup = f"{column}__{op}" if column == "created" else f"{column}__date__{op}"
        return Q(**{lookup: _day(name, value)})
    head, _, part = name.partition("__")
    if head == "created" and part in ("year", "month", "day"):
        return Q(**{name: _int(name, value)})
    return None


def _objects(name: str, value: str) -> Q | None:
    for column in ("correspondent", "document_type", "storage_path"):
        if name == f"{column}__id":
            return Q(**{f"{column}__isnull": True}) if value in ("", "null", "None") else Q(**{f"{column}_id":
                                                                                               _int(name, value)})
        if name == f"{column}__id__in":
            wanted = ids(name, value)
            return Q(**{f"{column}_id__in": wanted}) | (Q(**{f"{column}__isnull": True}) if -1 in wanted else Q(
                pk__in=[]))
        if name == f"{column}__id__none":
            unwanted = ids(name, value)  # -1 here means "not unassigned": the document must have one
            return ~Q(**{f"{column}_id__in": unwanted}) & (Q(**{f"{column}__isnull": False}) if -1 in unwanted else Q())
        if name == f"{column}__isnull":
            return Q(**{f"{column}__isnull": flag(value)})
    return None


def _owner(name: str, value: str) -> Q | None:
    if name == "owner__id":
        return Q(owner_id=_int(name, value))
    if name == "owner__id__in":
        return Q(owner_id__in=ids(name, value))
    if name == "owner__id__none":
        return ~Q(owner_id__in=ids(name, value)) | Q(owner__isnull=True)
    if name == "owner__isnull":
        return Q(owner__isnull=flag(value))
    if name == "shared_by__id":
        owners = ids(name, value)
        granted = Q()
        for table in ("view_users", "view_groups", "change_users", "change_groups"):
            through = Document._meta.get_field(table).remote_field.through  # type: ignore[union-attr]
            granted |= Q(Exists(through.objects.filter(document_id=OuterRef("pk"))))
        return Q(owner_id__in=owners) & granted
    return None


def _tags_and_fields(name: str, value: str) -> Q | None:
    if name == "tags__id__all":
        condition = Q()
        for tag_id in ids(name, value):
            condition &= Q(_tag_rows([tag_id]))
        return condition
    if name == "tags__id__in":
        return Q(_tag_rows(ids(name, value)))
    if name == "tags__id__none":
        return ~Q(_tag_rows(ids(name, value)))
    if name == "is_tagged":
        tagged = Q(Exists(Document.tags.through.objects.filter(document_id=OuterRef("pk"))))
        return tagged if flag(value) else ~tagged
    if name == "is_in_inbox":
        inbox = Q(Exists(Document.tags.through.objects.filter(document_id=OuterRef("pk"), tag__is_inbox_tag=True)))
        return inbox if flag(value) else ~inbox
    if name == "custom_fields__id__all":
        condition = Q()
        for field_id in ids(name, value):
            condition &= Q(_field_rows([field_id]))
        return condition
    if name == "custom_fields__id__in":
        return Q(_field_rows(ids(name, value)))
    if name == "custom_fields__id__none":
        return ~Q(_field_rows(ids(name, value)))
    if name == "has_custom_fields":
        return Q(_field_rows()) if flag(value) else ~Q(_field_rows())
    if name == "custom_field_query":
        try:
            return custom_field_condition(json.loads(value))
        except (ValueError, TypeError) as exc:
            raise BadFilter(name, str(exc)) from None
    if name == "custom_fields__icontains":
        rows = CustomFieldInstance.objects.filter(document_id=OuterRef("pk"))
        text = Q(value_text__icontains=value) | Q(value_long_text__icontains=value) | Q(value_url__icontains=value)
        return Q(Exists(rows.filter(text)))
    return None


def _text(name: str, value: str) -> Q | None:
    if name in ("title__icontains", "content__icontains", "mime_type"):
        column = "mime_type__icontains" if name == "mime_type" else name
        return Q(**{column: value})
    if name == "title_content":
        return Q(title__icontains=value) | Q(content__icontains=value)
    if name.startswith("archive_serial_number"):
        if name.endswith("__isnull"):
            return Q(archive_serial_number__isnull=flag(value))
        op = name.removeprefix("archive_serial_number").removeprefix("__") or "exact"
        if op in ("exact", "gt", "gte", "lt", "lte"):
            return Q(**{f"archive_serial_number__{op}": _int(name, value)})
    return None


def condition(name: str, value: str) -> Q:
    """Return the WHERE condition of one filter (search names are not filters: see `web.search`)."""
    for build in (_dates, _objects, _owner, _tags_and_fields, _text):
        found = build(name, value)
        if found is not None:
            return found
    raise BadFilter(name, "unknown filter")


def apply(documents: QuerySet[Document], pairs: Iterable[tuple[str, str]]) -> QuerySet[Document]:
    """Apply every (name, value) filter pair; search names are skipped (the caller runs the search)."""
    for name, value in pairs:
        if name in SEARCH_NAMES:
            continue
        documents = documents.filter(condition(name, value))
    return documents


def from_rules(rules: Iterable[tuple[int, str | None]]) -> list[tuple[str, str]]:
    """Turn saved-view rules into filter pairs; list rules of the same kind are joined (Paperless's meaning)."""
    pairs: list[tuple[str, str]] = []
    lists: dict[str, list[str]] = {}
    for rule_type, value in rules:
        if rule_type not in RULES:
            continue
        name, multi = RULES[rule_type]
        if value is None and name in NULL_OF:
            pairs.append((NULL_OF[name], "1"))
        elif multi:
            lists.setdefault(name, []).extend(part for part in str(value or "").split(",") if part)
        elif value is not None:
            pairs.append((name, str(value)))
    pairs.extend((name, ",".join(values)) for name, values in lists.items() if values)
    return pairs


def to_rules(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """Turn filter pairs into saved-view rules (one rule per id for list filters, as Paperless stores them)."""
    rules: list[dict[str, Any]] = []
    for name, value in pairs:
        if name.endswith("__isnull") and name.removesuffix("__isnull") + "__id" in NULL_OF and flag(value):
            rules.append({"rule_type": RULE_FOR[name.removesuffix("__isnull") + "__id"], "value": None})
        elif name in MULTI:
            rules.extend({"rule_type": RULE_FOR[name], "value": part} for part in value.split(",") if part)
        elif name in RULE_FOR:
            rules.append({"rule_type": RULE_FOR[name], "value": value})
    return rules
