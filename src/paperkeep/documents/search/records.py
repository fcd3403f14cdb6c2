"""Documents as search records: what the index needs about each document, read in a fixed number of queries.

`records_for(ids)` costs seven queries whatever the number of ids (documents with their correspondent, type,
storage path and owner; latest versions; tags; notes; custom fields; user grants; group grants), so indexing
one document and rebuilding a library in chunks of `CHUNK` cost the same per document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from paperkeep.documents.models import CustomFieldDataType, CustomFieldInstance, Document, Note
from paperkeep.search import DocRecord

CHUNK = 500  # documents per batch of queries when reading the whole library


@dataclass(frozen=True)
class Loaded:
    """The records of the ids that are indexable (live root documents) and the ids that are not."""

    records: list[DocRecord]
    absent: set[int]  # deleted, in the trash, or a version (versions are searched through their root)
    roots: set[int]  # roots of the versions among the ids: their searchable text may have changed


def _pairs(rows: Iterable[tuple[int, object]]) -> dict[int, list[object]]:
    grouped: dict[int, list[object]] = defaultdict(list)
    for doc_id, value in rows:
        grouped[doc_id].append(value)
    return grouped


def _latest_version_content(ids: list[int]) -> dict[int, str]:
    """Return, per root document with versions, the text of its newest live version (Paperless's effective text)."""
    latest: dict[int, tuple[int, str]] = {}
    versions = Document.global_objects.filter(root_document_id__in=ids, deleted_at__isnull=True)
    for root_id, pk, content in versions.values_list("root_document_id", "pk", "content"):
        if root_id is not None and (root_id not in latest or pk > latest[root_id][0]):
            latest[root_id] = (pk, content or "")
    return {root_id: content for root_id, (_, content) in latest.items()}


def custom_field_text(instance: CustomFieldInstance) -> str:
    """Return a custom field value as words to index: a select gives its label, a document link nothing."""
    field = instance.field
    value = instance.value
    if value is None or field.data_type == CustomFieldDataType.DOCUMENTLINK:
        return ""
    if field.data_type == CustomFieldDataType.SELECT:
        options = (field.extra_data or {}).get("select_options") or []
        return next((str(option.get("label", "")) for option in options if option.get("id") == value), "")
    if field.data_type == CustomFieldDataType.DATE:
        return value.isoformat()  # type: ignore[attr-defined]
    return str(value)


def records_for(ids: Iterable[int]) -> Loaded:
    """Read the search records of these document ids; the ids that are not live root documents are `absent`."""
    wanted = sorted({int(i) for i in ids})
    documents = list(
        Document.objects.filter(pk__in=wanted, root_document__isnull=True)
        .select_related("correspondent", "document_type", "storage_path", "owner")
        .order_by("pk")
    )
    present = [document.pk for document in documents]
    absent = set(wanted) - set(present)
    roots = (
        set(
            Document.global_objects.filter(pk__in=sorted(absent), root_document__isnull=False).values_list(
                "root_document_id", flat=True
            )
        )
        if absent
        else set()
    )
    if not present:
        return Loaded([], absent, roots)
    versions = _latest_version_content(present)
    tags = _pairs(
        (doc_id, (tag_id, name))
        for doc_id, tag_id, name in Document.tags.through.objects.filter(document_id__in=present)
        .order_by("tag__name", "tag_id")
        .values_list("document_id", "tag_id", "tag__name")
    )
    notes = _pairs(
        (doc_id, (text, username))
        for doc_id, text, username in Note.objects.filter(document_id__in=present)
        .order_by("created", "pk")
        .values_list("document_id", "note", "user__username")
    )
    fields = _pairs(
        (instance.document_id, instance)
        for instance in CustomFieldInstance.objects.filter(document_id__in=present)
        .select_related("field")
        .order_by("field__name", "pk")
    )
    user_grants = _pairs(
        Document.view_users.through.objects.filter(document_id__in=present).values_list("document_id", "user_id")
    )
    group_grants = _pairs(
        Document.view_groups.through.objects.filter(document_id__in=present).values_list("document_id", "group_id")
    )
    records = [_record(document, versions, tags, notes, fields, user_grants, group_grants) for document in documents]
    return Loaded(records, absent, roots)


def _record(
    document: Document,
    versions: dict[int, str],
    tags: dict[int, list[object]],
    notes: dict[int, list[object]],
    fields: dict[int, list[object]],
    user_grants: dict[int, list[object]],
    group_grants: dict[int, list[object]],
) -> DocRecord:
    pk = document.pk
    doc_tags: list[tuple[int, str]] = tags.get(pk, [])  # type: ignore[assignment]
    doc_notes: list[tuple[str, str | None]] = notes.get(pk, [])  # type: ignore[assignment]
    instances: list[CustomFieldInstance] = fields.get(pk, [])  # type: ignore[assignment]
    return DocRecord(
        id=pk,
        title=document.title or "",
        content=versions.get(pk, document.content or ""),
        notes=tuple(text for text, _ in doc_notes),
        note_users=tuple(sorted({username for _, username in doc_notes if username})),
        custom_fields=tuple((instance.field.name, custom_field_text(instance)) for instance in instances),
        custom_field_ids=tuple(sorted({instance.field_id for instance in instances})),
        correspondent=document.correspondent.name if document.correspondent else None,
        correspondent_id=document.correspondent_id,
        document_type=document.document_type.name if document.document_type else None,
        document_type_id=document.document_type_id,
        storage_path=document.storage_path.name if document.storage_path else None,
        storage_path_id=document.storage_path_id,
        tags=tuple(name for _, name in doc_tags),
        tag_ids=tuple(tag_id for tag_id, _ in doc_tags),
        asn=document.archive_serial_number,
        created=document.created,
        added=document.added,
        modified=document.modified,
        page_count=document.page_count,
        mime_type=document.mime_type or "",
        original_filename=document.original_filename or "",
        checksum=document.checksum or "",
        owner_id=document.owner_id,
        owner=document.owner.get_username() if document.owner else None,
        viewer_user_ids=tuple(sorted(int(i) for i in user_grants.get(pk, []))),  # type: ignore[call-overload]
        viewer_group_ids=tuple(sorted(int(i) for i in group_grants.get(pk, []))),  # type: ignore[call-overload]
    )


def indexable_ids() -> list[int]:
    """Return the ids of every document the index should hold (live roots), ascending."""
    return list(Document.objects.filter(root_document__isnull=True).order_by("pk").values_list("pk", flat=True))


def all_records(ids: list[int] | None = None) -> Iterator[DocRecord]:
    """Yield the records of the whole library (or of `ids`) in chunks of `CHUNK` documents."""
    every = indexable_ids() if ids is None else ids
    for start in range(0, len(every), CHUNK):
        yield from records_for(every[start : start + CHUNK]).records
