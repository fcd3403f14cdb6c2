"""The document list's filters and ordering, translated for the index so a search is filtered, ordered and
paged inside it (no list of hit ids goes through the database).

Only filters whose meaning the index reproduces exactly are translated; any other filter sent (title
substrings, custom field queries, year lookups, ...) makes `IndexPlan.complete` false and the caller
intersects the hits with the filtered queryset instead. Values come from the list's own filter form, so they
are parsed exactly as the database filters parse them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from paperkeep.api.filters.documents import DocumentFilterSet
from paperkeep.api.filters.ordering import COLUMNS, CUSTOM_PREFIX
from paperkeep.api.params import TRUE_WORDS, int_list
from paperkeep.documents.models import Document, Tag
from paperkeep.search import Filters, IdFilter, IntRange, Sort, TimeRange

_RELATIONS = ("correspondent", "document_type", "storage_path", "owner")
_ID_LISTS = {  # parameter -> Filters field; a comma list of ids
    "tags__id__all": "tags_all",
    "tags__id__in": "tags_any",
    "tags__id__none": "tags_none",
    "custom_fields__id__all": "custom_fields_all",
    "custom_fields__id__in": "custom_fields_any",
    "custom_fields__id__none": "custom_fields_none",
}
_TIME_LOOKUPS = {"gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte"}
# Orderings the index gives exactly as the database does (its keys break ties by id). Names (title, correspondent
# and so on) are left to the database: the index breaks their ties by insertion order and folds case.
INDEX_SORTS = frozenset(
    {"created", "added", "modified", "archive_serial_number", "page_count", "num_notes", "owner", "id"}
)
_INT_LOOKUPS = ("exact", "gt", "gte", "lt", "lte")


class Untranslatable(Exception):
    """A filter value the index would not read exactly as the database does."""


@dataclass(frozen=True)
class IndexPlan:
    """What the index can do for one list request."""

    filters: Filters
    complete: bool  # every filter sent is applied by `filters`
    sort: Sort | None  # None: best match first
    sort_in_index: bool  # False: the ordering needs the database
    extra: dict[str, Any] = field(default_factory=dict)


def _integer(value: Any) -> int:
    if isinstance(value, Decimal) and value != value.to_integral_value():
        raise Untranslatable
    return int(value)


def _ids(raw: Any) -> tuple[int, ...]:
    parsed = int_list(raw)
    if not parsed:  # unparsable or empty: the database filters treat these specially
        raise Untranslatable
    return tuple(parsed)


def _time_range(cleaned: Mapping[str, Any], name: str) -> TimeRange | None:
    bounds: dict[str, date | datetime] = {}
    for lookup, attribute in _TIME_LOOKUPS.items():
        for key in (f"{name}__{lookup}", f"{name}__date__{lookup}"):
            value = cleaned.get(key)
            if value is None:
                continue
            if key.endswith(f"date__{lookup}") and isinstance(value, datetime):
                value = value.date()
            if attribute in bounds:  # two bounds of one kind: both must hold; keep the database's reading
                raise Untranslatable
            bounds[attribute] = value
    return TimeRange(**bounds) if bounds else None


def _id_filter(cleaned: Mapping[str, Any], raw: Mapping[str, Any], name: str) -> IdFilter | None:
    any_of: set[int] | None = None
    exact = cleaned.get(f"{name}__id")
    if exact is not None:
        any_of = {_integer(exact)}
    listed = cleaned.get(f"{name}__id__in")
    if listed:
        values = {_integer(value) for value in listed}
        any_of = values if any_of is None else any_of & values
    none_of: tuple[int, ...] = ()
    if raw.get(f"{name}__id__none"):
        none_of = _ids(raw[f"{name}__id__none"])
    isnull = cleaned.get(f"{name}__isnull")
    if any_of is None and not none_of and isnull is None:
        return None
    if any_of is not None and not any_of:
        raise Untranslatable  # contradictory ids: let the database answer (nothing)
    return IdFilter(any_of=tuple(sorted(any_of or ())), none_of=none_of, isnull=isnull)


def _asn(cleaned: Mapping[str, Any]) -> IntRange | None:
    name = "archive_serial_number"
    values = {
        lookup: _integer(cleaned[key])
        for lookup in _INT_LOOKUPS
        if (key := name if lookup == "exact" else f"{name}__{lookup}") in cleaned and cleaned[key] is not None
    }
    isnull = cleaned.get(f"{name}__isnull")
    if not values and isnull is None:
        return None
    return IntRange(isnull=isnull, **values)


TRANSLATED = frozenset(
    {"id", "id__in", "tags__id", "is_tagged", "is_in_inbox", "has_custom_fields", "mime_type", *_ID_LISTS}
    | {f"{relation}__{suffix}" for relation in _RELATIONS for suffix in ("id", "id__in", "id__none", "isnull")}
    | {f"{name}__{lookup}" for name in ("created", "added", "modified") for lookup in _TIME_LOOKUPS}
    | {f"{name}__date__{lookup}" for name in ("created", "added", "modified") for lookup in _TIME_LOOKUPS}
    | {"archive_serial_number", "archive_serial_number__isnull"}
    | {f"archive_serial_number__{lookup}" for lookup in _INT_LOOKUPS[1:]}
)


def _filters(cleaned: Mapping[str, Any], raw: Mapping[str, Any]) -> Filters:
    values: dict[str, Any] = {}
    ids: set[int] | None = None
    if cleaned.get("id") is not None:
        ids = {_integer(cleaned["id"])}
    if cleaned.get("id__in"):
        listed = {_integer(value) for value in cleaned["id__in"]}
        ids = listed if ids is None else ids & listed
    if ids is not None:
        if not ids:
            raise Untranslatable
        values["ids"] = tuple(sorted(ids))
    for name, attribute in _ID_LISTS.items():
        if raw.get(name):
            values[attribute] = _ids(raw[name])
    if cleaned.get("tags__id") is not None:
        values["tags_all"] = (*values.get("tags_all", ()), _integer(cleaned["tags__id"]))
    for name in ("is_tagged", "has_custom_fields"):
        if raw.get(name) not in (None, ""):
            values[name] = str(raw[name]).strip().lower() in TRUE_WORDS
    if raw.get("is_in_inbox") in ("true", "false"):
        values["is_in_inbox"] = raw["is_in_inbox"] == "true"
        values["inbox_tag_ids"] = tuple(Tag.objects.filter(is_inbox_tag=True).values_list("pk", flat=True))
    for relation in _RELATIONS:
        found = _id_filter(cleaned, raw, relation)
        if found is not None:
            values[relation] = found
    for name in ("created", "added", "modified"):
        found_range = _time_range(cleaned, name)
        if found_range is not None:
            values[name] = found_range
    values["asn"] = _asn(cleaned)
    if raw.get("mime_type"):
        values["mime_type"] = str(raw["mime_type"])
    return Filters(**values)


def _sort(ordering: str | None) -> tuple[Sort | None, bool]:
    """Return the index ordering, and False when only the database can order so."""
    terms = [term.strip() for term in (ordering or "").split(",") if term.strip()]
    if not terms:
        return None, True  # best match first
    if len(terms) > 1:
        return None, False
    name, descending = terms[0].lstrip("-"), terms[0].startswith("-")
    if name == "score":
        return Sort("score", descending=descending), True  # `score` is worst first, as in Paperless-ngx
    if name in INDEX_SORTS:
        return Sort(name, descending=descending), True
    if name in COLUMNS or name.startswith(CUSTOM_PREFIX):
        return None, False
    return None, True  # an unknown field is ignored, as DRF does: best match first


def plan(params: QueryDict) -> IndexPlan:
    """Return the index filters and ordering for the list parameters, and whether they cover everything sent."""
    sent = {name for name, value in params.items() if value not in (None, "")}
    filterset = DocumentFilterSet(data=params, queryset=Document.objects.none())
    filterset.is_valid()  # the list view has already refused invalid values
    cleaned = {name: value for name, value in filterset.form.cleaned_data.items() if value not in (None, "", [])}
    filter_names = set(type(filterset).base_filters)
    complete = not ((sent & filter_names) - TRANSLATED)
    sort, sort_in_index = _sort(params.get("ordering"))
    try:
        filters = _filters(cleaned, params)
    except Untranslatable:
        filters, complete = Filters(), False
    return IndexPlan(filters, complete, sort, sort_in_index)
