"""bulk_edit's PDF page methods (§2.8): `rotate`, `delete_pages` (done now, in the request), `split` and `merge`
(new PDFs queued as consume tasks, answered "OK" at once, as Paperless-ngx does).

`plan_pdf()` validates parameters and returns a `PdfPlan`: the permissions the method needs and what to run.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rest_framework import exceptions

from paperkeep.documents.actions import pages
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import CustomFieldInstance, Document
from paperkeep.ingest.context import Overrides, Source

T = TypeVar("T")

PDF_METHODS = ("rotate", "delete_pages", "split", "merge")


@dataclass(frozen=True)
class PdfPlan:
    """What a PDF method needs (ownership, add and delete permissions) and what it runs on the chosen ids."""

    run: Callable[[list[int]], None]
    owner_only: bool
    needs_add: bool = False
    needs_delete: bool = False


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


def _queue(path: Path, overrides: Overrides, user_id: int | None) -> str:
    from paperkeep.tasks.consume import submit_upload

    return submit_upload(path.name, _chunks(path), overrides, source=Source.API_UPLOAD, owner_id=user_id)


def _documents(ids: list[int]) -> list[Document]:
    by_pk = {d.pk: d for d in Document.objects.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _as_400(error: InvalidValue) -> exceptions.ValidationError:
    return exceptions.ValidationError({error.field or "parameters": [error.message]})


def _bool(parameters: dict[str, Any], key: str) -> bool:
    value = parameters.get(key, False)
    if not isinstance(value, bool):
        raise exceptions.ValidationError({"parameters": [f"{key} must be a boolean"]})
    return value


def plan_pdf(method: str, parameters: dict[str, Any], user: Any) -> PdfPlan:
    """Validate a PDF method's parameters; return its plan (nothing runs yet)."""
    user_id = getattr(user, "pk", None)
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
                    _queue(output, overrides_from(document, title=title), user_id)
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
            source = next((d for d in documents if d.pk == metadata_id), None)
            with pages.workdir() as work:
                output = _guard(lambda: pages.merge_pdfs(documents, Path(work), archive_fallback=archive_fallback))
                _queue(output, overrides_from(source, title=None if source else output.stem), user_id)
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
