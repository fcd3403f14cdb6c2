"""Reading the document page's edit form into a `DocumentEdit`, and Paperless's suggestions for a document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict

from paperkeep.documents import matching, queries
from paperkeep.documents.actions.editing import DocumentEdit
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import (
    ASN_MAX,
    Correspondent,
    CustomField,
    CustomFieldDataType,
    CustomFieldInstance,
    Document,
    DocumentType,
    StoragePath,
    Tag,
)
from paperkeep.parsers.dates import find_dates
from paperkeep.web.access import can

OBJECT_FIELDS = {"correspondent": Correspondent, "document_type": DocumentType, "storage_path": StoragePath}


def _visible_id(model: Any, user: Any, raw: str, name: str) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or not queries.visible(model, user).filter(pk=int(raw)).exists():
        raise InvalidValue(f"Pick a {model._meta.verbose_name} from the list.", field=name)
    return int(raw)


def field_value(field: CustomField, raw: str | None) -> object:
    """Turn a form string into the value `set_custom_fields` expects for this field's type (None: empty)."""
    kind = field.data_type
    if kind == CustomFieldDataType.BOOL:
        return raw == "1"
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    try:
        if kind == CustomFieldDataType.INT:
            return int(text)
        if kind == CustomFieldDataType.FLOAT:
            return float(text)
        if kind == CustomFieldDataType.DOCUMENTLINK:
            return [int(part) for part in text.replace(" ", ",").split(",") if part]
    except ValueError:
        raise InvalidValue(f"{field.name}: {text!r} is not a valid {field.get_data_type_display()}.",
                           field="custom_fields") from None  # fmt: skip
    return raw if kind == CustomFieldDataType.LONG_TEXT else text


def _custom_fields(post: QueryDict, document: Document) -> dict[int, object]:
    present = set(CustomFieldInstance.objects.filter(document=document).values_list("field_id", flat=True))
    added = str(post.get("cf_add", ""))
    if added.isdigit():
        present.add(int(added))
    present -= {int(v) for v in post.getlist("cf_remove") if v.isdigit()}
    fields = {f.pk: f for f in CustomField.objects.filter(pk__in=present)}
    return {pk: field_value(fields[pk], post.get(f"cf_{pk}")) for pk in sorted(fields)}


def _check_new_links(values: dict[int, object], document: Document, user: Any) -> None:
    """A document link is mirrored onto the linked document, so each newly linked one must be one the user may
    change (as the API requires); a hidden one reads like a missing one."""
    link_fields = CustomField.objects.filter(pk__in=values, data_type=CustomFieldDataType.DOCUMENTLINK)
    links = set(link_fields.values_list("pk", flat=True))
    if not links:
        return
    instances = CustomFieldInstance.objects.filter(document=document, field_id__in=links).select_related("field")
    linked = {i.field_id: i.value for i in instances}
    new: set[int] = set()
    for pk in links:
        value, before = values[pk], linked.get(pk)
        if isinstance(value, list):
            new |= set(value) - set(before if isinstance(before, list) else [])
    if not new:
        return
    seen = list(queries.visible_documents(user).filter(pk__in=new))
    if len(seen) != len(new):
        raise InvalidValue("A linked document does not exist.", field="custom_fields")
    if not all(queries.can_change(user, linked_document) for linked_document in seen):
        raise InvalidValue("You may only link documents you may change.", field="custom_fields")


def _find_or_create(model: Any, name: str, user: Any) -> int:
    found = queries.visible(model, user).filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return int(found.pk)
    if not can(user, f"documents.add_{model._meta.model_name}"):
        raise InvalidValue(f"You may not create a {model._meta.verbose_name}.", field=model._meta.model_name)
    try:
        with transaction.atomic():
            return int(create_object(model, name=name[:128], owner_id=user.pk).pk)
    except IntegrityError:
        raise InvalidValue(f"A {model._meta.verbose_name} named {name!r} exists already.", field="name") from None


def with_new_objects(post: QueryDict, user: Any) -> QueryDict:
    """Return the form with "new …" names turned into ids: an existing object of that name, else a new one
    owned by the user (call inside the transaction that saves the edit)."""
    filled = post.copy()
    for name, model in OBJECT_FIELDS.items():
        new = str(post.get(f"new_{name}", "")).strip()
        if new:
            filled[name] = str(_find_or_create(model, new, user))
    for new in str(post.get("new_tags", "")).split(","):
        if new.strip():
            filled.appendlist("tags", str(_find_or_create(Tag, new.strip(), user)))
    return filled


def read_edit(post: QueryDict, document: Document, user: Any) -> DocumentEdit:
    """Validate the posted metadata form; raise InvalidValue naming the first bad field."""
    fields: dict[str, Any] = {"title": post.get("title", "").strip()}
    try:
        fields["created"] = date.fromisoformat(post.get("created", ""))
    except ValueError:
        raise InvalidValue("Enter the date as YYYY-MM-DD.", field="created") from None
    for name, model in OBJECT_FIELDS.items():
        fields[f"{name}_id"] = _visible_id(model, user, post.get(name, ""), name)
    asn = post.get("archive_serial_number", "").strip()
    if asn and (not asn.isdigit() or int(asn) > ASN_MAX):
        raise InvalidValue(f"The archive serial number must be a whole number from 0 to {ASN_MAX}.", field="asn")
    fields["archive_serial_number"] = int(asn) if asn else None
    changed = {k: v for k, v in fields.items() if getattr(document, k) != v}
    visible_tags = set(queries.visible(Tag, user).values_list("pk", flat=True))
    wanted = {int(v) for v in post.getlist("tags") if v.isdigit()}
    if wanted - visible_tags:
        raise InvalidValue("Pick tags from the list.", field="tags")
    hidden = set(document.tags.values_list("pk", flat=True)) - visible_tags
    custom_fields = _custom_fields(post, document)
    _check_new_links(custom_fields, document, user)
    return DocumentEdit(
        fields=changed, tag_ids=frozenset(wanted), custom_fields=custom_fields,
        remove_inbox_tags=post.get("remove_inbox") == "1", preserve_tag_ids=frozenset(hidden),
    )  # fmt: skip


@dataclass(frozen=True)
class Suggestions:
    """Objects whose matching rules fit the document's text, and dates found in it, not yet on the document."""

    correspondents: list[Correspondent]
    document_types: list[DocumentType]
    storage_paths: list[StoragePath]
    tags: list[Tag]
    dates: list[date]

    @property
    def any(self) -> bool:
        return any((self.correspondents, self.document_types, self.storage_paths, self.tags, self.dates))


def suggestions(document: Document, user: Any) -> Suggestions:
    """Return what Paperless would suggest for this document (the user's visible objects only)."""
    text = document.content or ""

    def found(model: Any, current: set[int | None]) -> list[Any]:
        candidates = queries.visible(model, user).exclude(match="").order_by("name")
        return [obj for obj in matching.matching(candidates, text) if obj.pk not in current]

    ocr = settings.CONFIG.ocr
    dates: list[date] = []
    if ocr.number_of_suggested_dates > 0:
        dates = find_dates(text, document.original_filename, date_order=ocr.date_order,
                           filename_date_order=ocr.filename_date_order, ignore_dates=ocr.ignore_dates,
                           languages=ocr.date_parser_languages, limit=ocr.number_of_suggested_dates)  # fmt: skip
    return Suggestions(
        correspondents=found(Correspondent, {document.correspondent_id}),
        document_types=found(DocumentType, {document.document_type_id}),
        storage_paths=found(StoragePath, {document.storage_path_id}),
        tags=found(Tag, set(document.tags.values_list("pk", flat=True))),
        dates=[d for d in sorted(set(dates)) if d != document.created],
    )
