"""bulk_edit's PDF methods (§2.8), also behind the v10 operation endpoints: `rotate`, `delete_pages` (done now, in
the request), `split` and `merge` (new PDFs queued as consume tasks, answered "OK" at once, as Paperless-ngx does),
`edit_pdf` and `remove_password` (new PDFs queued, or with `update_document` the document's files replaced in place).

`plan_pdf()` validates parameters and returns a `PdfPlan`: the permissions the method needs and what to run.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from rest_framework import exceptions

from paperkeep.documents.actions import pages, pdf_edit
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import CustomFieldInstance, Document
from paperkeep.ingest.context import Overrides, Source

T = TypeVar("T")

PDF_METHODS = ("rotate", "delete_pages", "split", "merge", "edit_pdf", "remove_password")
# Methods that need an explicit list of documents (bulk_edit refuses them with `all`).
NO_ALL = frozenset({"delete_pages", "split", "merge", "edit_pdf", "remove_password"})


@dataclass(frozen=True)
class PdfPlan:
    """What a PDF method needs (ownership, add and delete permissions) and what it runs on the chosen ids."""

    run: Callable[[list[int]], None]
    owner_only: bool
    needs_add: bool = False
    needs_delete: bool = False
    check: Callable[[list[int]], None] = lambda ids: None  # more validation of the chosen ids, before permissions


def _json_safe(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def overrides_from(document: Document | None, *, title: str | None = None) -> Overrides:
    """The metadata a new PDF carries over from `document` (or none)."""
    if document is None:
        return Overrides(title=title)
    fields = tuple(
        (instance.field_id, _json_safe(instance.value))
        for instance in CustomFieldInstance.objects.filter(document=document).order_by("pk")
    )
    return Overrides(
        title=title or document.title,
        created=document.created,
        correspondent_id=document.correspondent_id,
        document_type_id=document.document_type_id,
        storage_path_id=document.storage_path_id,
        tag_ids=tuple(document.tags.order_by("pk").values_list("pk", flat=True)),
        owner_id=document.owner_id,
        custom_fields=fields,
    )


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            yield chunk


def _queue(path: Path, overrides: Overrides, user_id: int | None, source: Source = Source.API_UPLOAD) -> str:
    from paperkeep.tasks.consume import submit_upload

    return submit_upload(path.name, _chunks(path), overrides, source=source, owner_id=user_id)


def _documents(ids: list[int]) -> list[Document]:
    by_pk = {d.pk: d for d in Document.objects.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _as_400(error: InvalidValue) -> exceptions.ValidationError:
    return exceptions.ValidationError({error.field or "parameters": [error.message]})


def _bool(parameters: dict[str, Any], key: str, default: bool = False) -> bool:
    value = parameters.get(key, default)
    if not isinstance(value, bool):
        raise exceptions.ValidationError({"parameters": [f"{key} must be a boolean"]})
    return value


def plan_pdf(method: str, parameters: dict[str, Any], user: Any, *, source: Source = Source.API_UPLOAD) -> PdfPlan:
    """Validate a PDF method's parameters; return its plan (nothing runs yet). `source` marks queued consume tasks
    (web UI or API)."""
    user_id = getattr(user, "pk", None)
    if method == "edit_pdf":
        return _plan_edit_pdf(parameters, user_id, source)
    if method == "remove_password":
        return _plan_remove_password(parameters, user_id, source)
    if method == "rotate":
        degrees = parameters.get("degrees")
        if not isinstance(degrees, int) or isinstance(degrees, bool) or abs(degrees) not in pages.ROTATIONS:
            raise exceptions.ValidationError({"parameters": ["degrees must be 90, 180 or 270"]})
        return PdfPlan(run=lambda ids: _guard(lambda: pages.rotate(_documents(ids), degrees)), owner_only=True)
    if method == "delete_pages":
        numbers = parameters.get("pages")
        if not isinstance(numbers, list) or not numbers or not all(type(n) is int for n in numbers):
            raise exceptions.ValidationError({"parameters": ["pages must be a non-empty list of page numbers"]})

        def delete(ids: list[int]) -> None:
            if len(ids) != 1:
                raise exceptions.ValidationError({"documents": ["delete_pages takes exactly one document"]})
            _guard(lambda: pages.delete_pages(_documents(ids)[0], numbers))

        return PdfPlan(run=delete, owner_only=True)
    if method == "split":
        try:
            groups = pages.parse_split(str(parameters.get("pages", "")))
        except InvalidValue as error:
            raise _as_400(error) from None
        delete_originals = _bool(parameters, "delete_originals")

        def split(ids: list[int]) -> None:
            if len(ids) != 1:
                raise exceptions.ValidationError({"documents": ["split takes exactly one document"]})
            document = _documents(ids)[0]
            with pages.workdir() as work:
                outputs = _guard(lambda: pages.split_pdf(document, groups, Path(work)))
                for index, output in enumerate(outputs, start=1):
                    title = f"{document.title} (part {index})"
                    _queue(output, replace(overrides_from(document, title=title), owner_id=user_id), user_id, source)
            if delete_originals:
                trash_documents([document])

        return PdfPlan(run=split, owner_only=delete_originals, needs_add=True, needs_delete=delete_originals)
    if method == "merge":
        metadata_id = parameters.get("metadata_document_id")
        if metadata_id is not None and (not isinstance(metadata_id, int) or isinstance(metadata_id, bool)):
            raise exceptions.ValidationError({"parameters": ["metadata_document_id must be a document id"]})
        delete_originals = _bool(parameters, "delete_originals")
        archive_fallback = _bool(parameters, "archive_fallback")

        def merge(ids: list[int]) -> None:
            if metadata_id is not None and metadata_id not in ids:
                raise exceptions.ValidationError({"parameters": ["metadata_document_id must be one of documents"]})
            documents = _documents(ids)
            first = next((d for d in documents if d.pk == metadata_id), None)
            with pages.workdir() as work:
                output = _guard(lambda: pages.merge_pdfs(documents, Path(work), archive_fallback=archive_fallback))
                new = overrides_from(first, title=None if first else output.stem)
                _queue(output, replace(new, owner_id=user_id), user_id, source)  # the requester's, as Paperless
            if delete_originals:
                trash_documents(documents)

        return PdfPlan(run=merge, owner_only=delete_originals, needs_add=True, needs_delete=delete_originals)
    raise exceptions.ValidationError({"method": [f"{method} is not a PDF method"]})


def _guard(call: Callable[[], T]) -> T:
    """Run a documents-layer call, turning its InvalidValue (not a PDF, bad pages) into a 400."""
    try:
        return call()
    except InvalidValue as error:
        raise _as_400(error) from None


def _invalid(message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({"parameters": [message]})


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_operations(raw: object) -> list[pdf_edit.PageOperation]:
    """`[{page, rotate?, doc?}, ...]` → PageOperations (400 with Paperless-ngx's messages when malformed)."""
    if not isinstance(raw, list):
        raise _invalid("operations must be a list")
    operations = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise _invalid("invalid operation entry")
        if not _integer(entry.get("page")):
            raise _invalid("page must be an integer")
        for key in ("rotate", "doc"):
            if key in entry and not _integer(entry[key]):
                raise _invalid(f"{key} must be an integer")
        operations.append(pdf_edit.PageOperation(entry["page"], entry.get("rotate") or 0, entry.get("doc") or 0))
    try:
        pdf_edit.check_operations(operations, None)
    except InvalidValue as error:
        raise _invalid(error.message) from None
    return operations


def _one_document(label: str) -> Callable[[list[int]], Document]:
    def only(ids: list[int]) -> Document:
        if len(ids) != 1:
            raise _invalid(f"{label} method only supports one document")
        return _documents(ids)[0]

    return only


def _new_overrides(document: Document, include_metadata: bool, user_id: int | None) -> Overrides:
    """What a new PDF made from `document` carries: its metadata (or nothing), owned by the requesting user."""
    overrides = overrides_from(document) if include_metadata else Overrides()
    return replace(overrides, owner_id=user_id)


def _plan_edit_pdf(parameters: dict[str, Any], user_id: int | None, source: Source) -> PdfPlan:
    if "operations" not in parameters:
        raise _invalid("operations not specified")
    operations = parse_operations(parameters["operations"])
    update_document = _bool(parameters, "update_document")
    include_metadata = _bool(parameters, "include_metadata", default=True)
    delete_original = _bool(parameters, "delete_original")
    if update_document and len(pdf_edit.output_groups(operations)) > 1:
        raise _invalid("update_document only allowed with a single output document")
    only = _one_document("Edit PDF")

    def check(ids: list[int]) -> None:
        _guard(lambda: pdf_edit.check_operations(operations, only(ids).page_count))

    def edit(ids: list[int]) -> None:
        document = only(ids)
        if update_document:
            _guard(lambda: pdf_edit.edit_in_place(document, operations))
            return
        overrides = _new_overrides(document, include_metadata, user_id)
        with pages.workdir() as work:
            for output in _guard(lambda: pdf_edit.edit_to_files(document, operations, Path(work))):
                _queue(output, overrides, user_id, source)
        if delete_original:
            trash_documents([document])

    new_documents = not update_document
    return PdfPlan(
        run=edit,
        check=check,
        owner_only=True,
        needs_add=new_documents,
        needs_delete=new_documents and delete_original,
    )


def _plan_remove_password(parameters: dict[str, Any], user_id: int | None, source: Source) -> PdfPlan:
    password = parameters.get("password")
    if "password" not in parameters:
        raise _invalid("password not specified")
    if not isinstance(password, str):
        raise _invalid("password must be a string")
    update_document = _bool(parameters, "update_document")
    include_metadata = _bool(parameters, "include_metadata", default=True)
    delete_original = _bool(parameters, "delete_original")

    def remove(ids: list[int]) -> None:
        documents = _documents(ids)
        # Every password is tried before anything changes; PDFs without encryption are left alone.
        encrypted = [d for d in documents if _guard(partial(pdf_edit.check_password, d, password))]
        for document in encrypted:
            if update_document:
                _guard(partial(pdf_edit.decrypt_in_place, document, password))
                transaction.on_commit(partial(_reprocess, document.pk))
                continue
            with pages.workdir() as work:
                output = _guard(partial(pdf_edit.decrypt_to_file, document, password, Path(work)))
                _queue(output, _new_overrides(document, include_metadata, user_id), user_id, source)
            if delete_original:
                trash_documents([document])

    new_documents = not update_document
    return PdfPlan(run=remove, owner_only=True, needs_add=new_documents, needs_delete=new_documents and delete_original)


def _reprocess(document_id: int) -> None:
    """Read a document again after its password is gone (its text and archive could not be made before)."""
    from paperkeep.tasks.reprocess import queue_reprocess  # Celery stays out of the web process until needed

    queue_reprocess([document_id])
