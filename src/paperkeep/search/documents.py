"""Turn a DocRecord into a tantivy document."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

import tantivy

from paperkeep.search import schema as f
from paperkeep.search.access import document_keys
from paperkeep.search.analysis import Analyzers
from paperkeep.search.records import DocRecord

_ID_BITS = 30
_ID_MASK = (1 << _ID_BITS) - 1
_PRIMARY_MAX = (1 << (64 - _ID_BITS)) - 1
_EPOCH_OFFSET = 1 << 33  # seconds; lets sort keys hold dates from 1698 to 2242
MIN_AUTOCOMPLETE_LENGTH = 2


def clamp(moment: datetime) -> datetime:
    """Return a UTC moment moved into the range tantivy dates can hold (1677 to 2262)."""
    low = tantivy.MIN_DATETIME.replace(microsecond=0) + timedelta(seconds=1)
    high = tantivy.MAX_DATETIME.replace(microsecond=0)
    return min(max(moment, low), high)


def sort_key(primary: int, doc_id: int) -> int:
    """Pack a sort value and the document id into one u64, so ties fall back to id order."""
    return (max(0, min(primary, _PRIMARY_MAX)) << _ID_BITS) | (doc_id & _ID_MASK)


def time_primary(moment: datetime) -> int:
    """Return the sort value of an aware datetime (seconds, shifted to be positive)."""
    return int(moment.timestamp()) + _EPOCH_OFFSET


def to_utc(value: date | datetime, tz: tzinfo) -> datetime:
    """Return a UTC datetime at second precision; a naive value or a date is local time in `tz`."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC).replace(microsecond=0)


def date_as_utc_midnight(value: date | datetime, tz: tzinfo) -> datetime:
    """Return a calendar date (a datetime is first taken to its local date) as UTC midnight."""
    if isinstance(value, datetime):
        value = value.astimezone(tz).date() if value.tzinfo is not None else value.date()
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _sortable_text(analyzers: Analyzers, value: str | None) -> str:
    return analyzers.fold(value or "")


def distinct_words(analyzers: Analyzers, texts: Iterable[str]) -> set[str]:
    """Return the distinct unstemmed, folded words of some texts."""
    words: set[str] = set()
    for text in texts:
        if text:
            words.update(analyzers.plain.analyze(text))
    return words


def word_pairs(analyzers: Analyzers, text: str) -> list[str]:
    """Return each pair of analyzed words at adjacent positions, joined as CONTENT_PAIRS holds them: exactly the
    two-word phrases the text matches, as often as it matches them. An over-long word, which the index drops
    but whose position it keeps, stays here between its neighbours (a query never holds it: it is dropped there)."""
    words = analyzers.unbounded.analyze(text) if text else []
    return [f"{first}{f.PAIR_JOINER}{second}" for first, second in itertools.pairwise(words)]


def _add_texts(doc: tantivy.Document, name: str, values: Iterable[str | None]) -> None:
    for value in values:
        if value:
            doc.add_text(name, value)


def _add_ids(doc: tantivy.Document, name: str, values: Iterable[int | None]) -> None:
    for value in values:
        if value is not None and value >= 0:
            doc.add_unsigned(name, value)


def build_document(record: DocRecord, analyzers: Analyzers, tz: tzinfo) -> tantivy.Document:
    """Build the tantivy document of a record."""
    doc = tantivy.Document()
    doc.add_unsigned(f.ID, record.id)
    _add_texts(doc, f.TITLE, [record.title])
    _add_texts(doc, f.TITLE_PLAIN, [record.title])
    _add_texts(doc, f.CONTENT, [record.content])
    pairs = word_pairs(analyzers, record.content)
    if pairs:
        doc.add_text(f.CONTENT_PAIRS, " ".join(pairs))
    _add_texts(doc, f.NOTES, record.notes)
    _add_texts(doc, f.NOTE_USER, record.note_users)
    _add_texts(doc, f.CORRESPONDENT, [record.correspondent])
    _add_texts(doc, f.DOCUMENT_TYPE, [record.document_type])
    _add_texts(doc, f.STORAGE_PATH, [record.storage_path])
    _add_texts(doc, f.TAG, record.tags)
    _add_texts(doc, f.CF_NAME, (name for name, _ in record.custom_fields))
    _add_texts(doc, f.CF_VALUE, (value for _, value in record.custom_fields))
    _add_texts(doc, f.ORIGINAL_FILENAME, [record.original_filename])
    _add_texts(doc, f.MIME_TYPE, [record.mime_type])
    _add_texts(doc, f.OWNER, [record.owner])
    _add_texts(doc, f.CHECKSUM, [record.checksum])
    _add_ids(doc, f.CORRESPONDENT_ID, [record.correspondent_id])
    _add_ids(doc, f.DOCUMENT_TYPE_ID, [record.document_type_id])
    _add_ids(doc, f.STORAGE_PATH_ID, [record.storage_path_id])
    _add_ids(doc, f.TAG_ID, set(record.tag_ids))
    _add_ids(doc, f.CUSTOM_FIELD_ID, set(record.custom_field_ids))
    _add_ids(doc, f.OWNER_ID, [record.owner_id])
    _add_ids(doc, f.ASN, [record.asn])
    _add_ids(doc, f.PAGE_COUNT, [record.page_count])
    doc.add_unsigned(f.NUM_NOTES, len(record.notes))
    _add_dates_and_keys(doc, record, tz)
    _add_sort_texts(doc, record, analyzers)
    _add_access_and_words(doc, record, analyzers)
    return doc


def _add_dates_and_keys(doc: tantivy.Document, record: DocRecord, tz: tzinfo) -> None:
    stamps = {
        (f.CREATED, f.CREATED_KEY): date_as_utc_midnight(record.created, tz) if record.created else None,
        (f.ADDED, f.ADDED_KEY): to_utc(record.added, tz) if record.added else None,
        (f.MODIFIED, f.MODIFIED_KEY): to_utc(record.modified, tz) if record.modified else None,
    }
    for (field, key), moment in stamps.items():
        if moment is not None:
            moment = clamp(moment)
            doc.add_date(field, moment)
        doc.add_unsigned(key, sort_key(time_primary(moment) if moment else 0, record.id))
    # Missing numbers sort lowest (+1 keeps 0 apart from "none").
    numbers = {f.ASN_KEY: record.asn, f.PAGE_COUNT_KEY: record.page_count, f.OWNER_KEY: record.owner_id}
    for key, number in numbers.items():
        doc.add_unsigned(key, sort_key(number + 1 if number is not None else 0, record.id))
    doc.add_unsigned(f.NUM_NOTES_KEY, sort_key(len(record.notes), record.id))


def _add_sort_texts(doc: tantivy.Document, record: DocRecord, analyzers: Analyzers) -> None:
    doc.add_text(f.TITLE_SORT, _sortable_text(analyzers, record.title))
    doc.add_text(f.CORRESPONDENT_SORT, _sortable_text(analyzers, record.correspondent))
    doc.add_text(f.DOCUMENT_TYPE_SORT, _sortable_text(analyzers, record.document_type))
    doc.add_text(f.STORAGE_PATH_SORT, _sortable_text(analyzers, record.storage_path))


def _add_access_and_words(doc: tantivy.Document, record: DocRecord, analyzers: Analyzers) -> None:
    keys = document_keys(record)
    for key in keys:
        doc.add_text(f.ACCESS, key)
    texts = [record.title, record.content, record.correspondent or "", record.document_type or ""]
    texts += list(record.notes) + list(record.tags) + [value for _, value in record.custom_fields]
    words = sorted(distinct_words(analyzers, texts))
    if not words:
        return
    doc.add_text(f.WORDS, " ".join(words))
    suggestible = [word for word in words if len(word) >= MIN_AUTOCOMPLETE_LENGTH]
    doc.add_text(f.KEYED_WORDS, " ".join(f"{key}|{word}" for key in keys for word in suggestible))
