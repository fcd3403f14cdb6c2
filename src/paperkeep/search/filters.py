"""Turn structured list filters into index clauses, so a search is filtered inside tantivy."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

import tantivy
from tantivy import FieldType, Occur, Query

from paperkeep.search import schema as f
from paperkeep.search.analysis import Analyzers
from paperkeep.search.compiler import regex_escape
from paperkeep.search.dates import Interval
from paperkeep.search.documents import clamp
from paperkeep.search.records import Filters, IdFilter, IntRange, TimeRange

Clause = tuple[Occur, Query]


def filter_clauses(filters: Filters, schema: tantivy.Schema, analyzers: Analyzers, tz: tzinfo) -> list[Clause]:
    """Return the Must/MustNot clauses that apply the filters."""
    clauses: list[Clause] = []
    if filters.ids is not None:
        clauses.append(_any(schema, f.ID, filters.ids))
    clauses += _multi(schema, f.TAG_ID, filters.tags_all, filters.tags_any, filters.tags_none, filters.is_tagged)
    if filters.is_in_inbox is not None:
        inbox = _any(schema, f.TAG_ID, filters.inbox_tag_ids)[1]
        clauses.append((Occur.Must if filters.is_in_inbox else Occur.MustNot, inbox))
    clauses += _multi(
        schema,
        f.CUSTOM_FIELD_ID,
        filters.custom_fields_all,
        filters.custom_fields_any,
        filters.custom_fields_none,
        filters.has_custom_fields,
    )
    for name, id_filter in (
        (f.CORRESPONDENT_ID, filters.correspondent),
        (f.DOCUMENT_TYPE_ID, filters.document_type),
        (f.STORAGE_PATH_ID, filters.storage_path),
        (f.OWNER_ID, filters.owner),
    ):
        if id_filter is not None:
            clauses += _ids(schema, name, id_filter)
    for name, time_range in ((f.CREATED, filters.created), (f.ADDED, filters.added), (f.MODIFIED, filters.modified)):
        if time_range is not None:
            clauses += _times(schema, name, time_range, tz)
    if filters.asn is not None:
        clauses += _ints(schema, f.ASN, filters.asn)
    if filters.mime_type:
        pattern = ".*" + regex_escape(analyzers.fold(filters.mime_type)) + ".*"
        clauses.append((Occur.Must, Query.regex_query(schema, f.MIME_TYPE, pattern)))
    return clauses


def _any(schema: tantivy.Schema, name: str, values: tuple[int, ...]) -> Clause:
    if not values:
        return Occur.Must, Query.empty_query()
    return Occur.Must, Query.term_set_query(schema, name, sorted(set(values)))


def _multi(
    schema: tantivy.Schema,
    name: str,
    all_of: tuple[int, ...],
    any_of: tuple[int, ...],
    none_of: tuple[int, ...],
    present: bool | None,
) -> list[Clause]:
    clauses = [(Occur.Must, Query.term_query(schema, name, value)) for value in sorted(set(all_of))]
    if any_of:
        clauses.append(_any(schema, name, any_of))
    if none_of:
        clauses.append((Occur.MustNot, _any(schema, name, none_of)[1]))
    if present is not None:
        clauses.append((Occur.Must if present else Occur.MustNot, Query.exists_query(name)))
    return clauses


def _ids(schema: tantivy.Schema, name: str, id_filter: IdFilter) -> list[Clause]:
    clauses: list[Clause] = []
    if id_filter.any_of:
        clauses.append(_any(schema, name, id_filter.any_of))
    if id_filter.none_of:
        clauses.append((Occur.MustNot, _any(schema, name, id_filter.none_of)[1]))
    if id_filter.isnull is not None:
        clauses.append((Occur.MustNot if id_filter.isnull else Occur.Must, Query.exists_query(name)))
    return clauses


def _ints(schema: tantivy.Schema, name: str, bounds: IntRange) -> list[Clause]:
    clauses: list[Clause] = []
    pairs = (
        (bounds.exact, bounds.exact),
        (bounds.gte, None),
        (None if bounds.gt is None else bounds.gt + 1, None),
        (None, bounds.lte),
        (None, None if bounds.lt is None else bounds.lt - 1),
    )
    for low, high in pairs:
        if low is None and high is None:
            continue
        if high is not None and high < 0:
            clauses.append((Occur.Must, Query.empty_query()))
            continue
        low = None if low is None else max(low, 0)
        clauses.append((Occur.Must, Query.range_query(schema, name, FieldType.Unsigned, low, high)))
    if bounds.isnull is not None:
        clauses.append((Occur.MustNot if bounds.isnull else Occur.Must, Query.exists_query(name)))
    return clauses


def interval_of(value: date | datetime, calendar_date: bool, tz: tzinfo) -> Interval:
    """Return what a filter bound covers: a whole day for a date, an instant for a datetime."""
    if isinstance(value, datetime) and not calendar_date:
        moment = (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(UTC).replace(microsecond=0)
        return Interval(moment, moment, True)
    if isinstance(value, datetime):
        value = value.astimezone(tz).date() if value.tzinfo else value.date()
    zone = UTC if calendar_date else tz
    after = value + timedelta(days=1)
    start = datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(UTC)
    end = datetime(after.year, after.month, after.day, tzinfo=zone).astimezone(UTC)
    return Interval(start, end, False)


def _times(schema: tantivy.Schema, name: str, bounds: TimeRange, tz: tzinfo) -> list[Clause]:
    calendar_date = name == f.CREATED
    clauses: list[Clause] = []

    def add(low: tuple[datetime, bool] | None, high: tuple[datetime, bool] | None) -> None:
        query = Query.range_query(
            schema,
            name,
            FieldType.Date,
            clamp(low[0]) if low else None,
            clamp(high[0]) if high else None,
            include_lower=low[1] if low else True,
            include_upper=high[1] if high else True,
        )
        clauses.append((Occur.Must, query))

    if bounds.gte is not None:
        span = interval_of(bounds.gte, calendar_date, tz)
        add((span.start, True), None)
    if bounds.gt is not None:
        span = interval_of(bounds.gt, calendar_date, tz)
        add((span.end, not span.end_inclusive), None)
    if bounds.lte is not None:
        span = interval_of(bounds.lte, calendar_date, tz)
        add(None, (span.end, span.end_inclusive))
    if bounds.lt is not None:
        span = interval_of(bounds.lt, calendar_date, tz)
        add(None, (span.start, False))
    return clauses
