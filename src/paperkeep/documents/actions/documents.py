"""Create, change, trash, restore and delete documents."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from paperkeep.documents import history, indexing
from paperkeep.documents.actions.custom_fields import set_custom_fields
from paperkeep.documents.actions.objects import tag_parents, with_ancestors, with_descendants
from paperkeep.documents.actions.permissions import Grants, set_permissions
from paperkeep.documents.errors import AsnAlreadyExists, AsnAlreadyExistsInTrash, AsnOutOfRange, InvalidValue
from paperkeep.documents.models import ASN_MAX, Document
from paperkeep.documents.storage import placement

TITLE_MAX = 128


@dataclass(frozen=True)
class NewDocument:
    """Everything about a new document except its files (those come staged; see storage.placement)."""

    title: str
    content: str
    created: date
    mime_type: str
    checksum: str
    original_filename: str
    archive_checksum: str | None = None
    page_count: int | None = None
    owner_id: int | None = None
    correspondent_id: int | None = None
    document_type_id: int | None = None
    storage_path_id: int | None = None
    tag_ids: tuple[int, ...] = ()
    archive_serial_number: int | None = None
    custom_fields: Mapping[int, object] = field(default_factory=dict)
    grants: Grants = field(default_factory=Grants)


def check_asn(asn: int | None, *, exclude_pk: int | None = None) -> None:
    """Raise if an archive serial number is out of range or already used (in the trash too)."""
    if asn is None:
        return
    if not 0 <= asn <= ASN_MAX:
        raise AsnOutOfRange(f"The archive serial number must be between 0 and {ASN_MAX}.", field="asn")
    holders = Document.global_objects.filter(archive_serial_number=asn)
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    holder = holders.first()
    if holder is None:
        return
    if holder.deleted_at is not None:
        raise AsnAlreadyExistsInTrash(
            f"Not consuming: the archive serial number {asn} is used by document #{holder.pk} in the trash.",
            field="asn",
        )
    raise AsnAlreadyExists(
        f"Not consuming: the archive serial number {asn} is used by document #{holder.pk}.", field="asn"
    )


def create_document(new: NewDocument, staged: placement.StagedFiles, extension: str) -> Document:
    """Create a document and put its staged files in place, in one transaction.

    The caller runs this inside `transaction.atomic()` together with its own bookkeeping, then calls
    `placement.finish(staged.key)` after the commit, or `placement.abandon(staged.key)` after a failure.
    It does not schedule indexing: the ingest pipeline's `index` step does, in the same transaction.
    """
    check_asn(new.archive_serial_number)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                title=new.title[:TITLE_MAX], content=new.content, created=new.created, mime_type=new.mime_type,
                checksum=new.checksum, archive_checksum=new.archive_checksum, page_count=new.page_count,
                original_filename=new.original_filename, owner_id=new.owner_id,
                correspondent_id=new.correspondent_id, document_type_id=new.document_type_id,
                storage_path_id=new.storage_path_id, archive_serial_number=new.archive_serial_number,
            )  # fmt: skip
            if new.tag_ids:
                document.tags.set(with_ancestors(new.tag_ids))
            set_custom_fields(document, new.custom_fields, reindex=False)
            if new.grants != Grants():
                set_permissions([document], new.grants)
            placement.place_new(document, staged, extension)
            history.record([document.pk], history.CREATE, history.created_changes(document))
    except IntegrityError as exc:
        if new.archive_serial_number is not None and "archive_serial_number" in str(exc):
            check_asn(new.archive_serial_number)  # raises the specific error
        raise
    return document


_UPDATABLE = frozenset(
    {"title", "content", "created", "correspondent_id", "document_type_id", "storage_path_id",
     "archive_serial_number"}
)  # fmt: skip
_NAMING_FIELDS = frozenset(
    {"title", "created", "correspondent_id", "document_type_id", "storage_path_id", "archive_serial_number"}
)


def update_document(document: Document, **changes: Any) -> Document:
    """Change a document's fields (title, content, created, correspondent_id, document_type_id,
    storage_path_id, archive_serial_number); files follow the filename template."""
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise InvalidValue(f"Unknown field(s): {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if "title" in changes:
        changes["title"] = str(changes["title"])[:TITLE_MAX]
    if "archive_serial_number" in changes:
        if document.deleted_at is not None:
            raise InvalidValue("The archive serial number of a document in the trash cannot be set.", field="asn")
        check_asn(changes["archive_serial_number"], exclude_pk=document.pk)
    before = {name: getattr(document, name) for name in changes}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(document, name, value)
        document.save()
        history.record([document.pk], history.UPDATE, history.field_changes(before, changes))
        if _NAMING_FIELDS & set(changes):
            document.refresh_from_db()
            placement.relocate(document, key=f"move-{uuid.uuid4().hex}")
        indexing.schedule_index([document.pk])
    return document


def modify_tags(documents: Sequence[Document], *, add: Iterable[int] = (), remove: Iterable[int] = ()) -> None:
    """Add tags (with their ancestors) to and remove tags (with their descendants) from documents."""
    parents = tag_parents()
    to_add = with_ancestors(add, parents)
    to_remove = with_descendants(remove, parents) - to_add
    through = Document.tags.through
    ids = [document.pk for document in documents]
    before = history.tag_sets(ids)
    with transaction.atomic():
        if to_remove:
            through.objects.filter(document_id__in=ids, tag_id__in=to_remove).delete()
        if to_add:
            existing = set(through.objects.filter(document_id__in=ids, tag_id__in=to_add).values_list(
                "document_id", "tag_id"))  # fmt: skip
            through.objects.bulk_create(
                [through(document_id=d, tag_id=t) for d in ids for t in to_add if (d, t) not in existing]
            )
        Document.global_objects.filter(pk__in=ids).update(modified=timezone.now())
        history.record_tags(before, history.tag_sets(ids))
        _relocate_all(documents)
        indexing.schedule_index(ids)


def set_tags(document: Document, tag_ids: Iterable[int]) -> None:
    """Replace a document's tags (ancestors of each are added)."""
    wanted = with_ancestors(tag_ids)
    before = history.tag_sets([document.pk])
    with transaction.atomic():
        document.tags.set(wanted)
        history.record_tags(before, history.tag_sets([document.pk]))
        Document.global_objects.filter(pk=document.pk).update(modified=timezone.now())
        _relocate_all([document])
        indexing.schedule_index([document.pk])


def _relocate_all(documents: Sequence[Document]) -> None:
    for document in documents:
        document.refresh_from_db()
        placement.relocate(document, key=f"move-{uuid.uuid4().hex}")


def trash_documents(documents: Sequence[Document]) -> None:
    """Move documents to the trash (soft delete); they leave lists and the index, their files stay."""
    ids = [document.pk for document in documents]
    with transaction.atomic():
        now = timezone.now()
        trashed = list(Document.global_objects.filter(pk__in=ids, deleted_at__isnull=True).values_list("pk", flat=True))
        Document.global_objects.filter(pk__in=trashed).update(deleted_at=now)
        history.record(trashed, history.UPDATE, {"deleted_at": ["None", history.text(now)]})
        Document.global_objects.filter(root_document_id__in=ids, deleted_at__isnull=True).update(deleted_at=now)
        indexing.schedule_remove(ids)


def restore_documents(documents: Sequence[Document]) -> None:
    """Bring documents back from the trash."""
    ids = [document.pk for document in documents]
    with transaction.atomic():
        now = history.text(timezone.now())
        for pk, deleted_at in Document.global_objects.filter(pk__in=ids, deleted_at__isnull=False).values_list(
            "pk", "deleted_at"
        ):
            # As django-soft-delete's restore() saves it: the deletion time cleared, the restore time set.
            changes = {"deleted_at": [history.text(deleted_at), "None"], "restored_at": ["None", now]}
            history.record([pk], history.UPDATE, changes)
        Document.global_objects.filter(pk__in=ids).update(deleted_at=None)
        indexing.schedule_index(ids)


def delete_documents(documents: Sequence[Document]) -> None:
    """Delete documents for good: rows first, files once the deletion has committed."""
    ids = [document.pk for document in documents]
    with transaction.atomic():
        for document in documents:
            placement.delete_files(document, key=f"delete-{document.pk}-{uuid.uuid4().hex[:8]}")
            document.delete()
        history.record(ids, history.DELETE, {})
        indexing.schedule_remove(ids)
