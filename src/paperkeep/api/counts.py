"""How many documents the requester can view per object, in one grouped query (never COUNT DISTINCT)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, IntegerField, Max, Model, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from paperkeep.api import count_cache
from paperkeep.documents.models import CustomField, CustomFieldInstance, Document, Tag
from paperkeep.documents.queries import visibility_filter, visible_documents

IN_LIST_LIMIT = 30
_FOREIGN_KEY = {
    "Correspondent": "correspondent_id",
    "DocumentType": "document_type_id",
    "StoragePath": "storage_path_id",
}


def _rows(model: type[Model], user: Any) -> tuple[Any, str]:
    """Return (rows linking documents to objects of `model`, the column naming the object)."""
    visible_ids = visible_documents(user).order_by().values("pk")
    if model is Tag:
        return Document.tags.through.objects.filter(document_id__in=visible_ids), "tag_id"
    if model is CustomField:
        return CustomFieldInstance.objects.filter(document_id__in=visible_ids), "field_id"
    column = _FOREIGN_KEY[model.__name__]
    return visible_documents(user), column


def document_counts(model: type[Model], ids: Iterable[int], user: Any) -> dict[int, int]:
    """Return {object id: number of documents the user can view that have it} for these objects."""
    wanted = list(ids)
    if not wanted:
        return {}
    if len(wanted) <= IN_LIST_LIMIT:
        # A few objects: look each up by its index.
        rows, column = _rows(model, user)
        grouped = rows.filter(**{f"{column}__in": wanted}).order_by().values(column).annotate(n=Count("pk"))
        return {row[column]: row["n"] for row in grouped}
    # Many: one pass over all links (SQLite would otherwise probe every (document, object) pair), remembered
    # until the next document write.
    every = count_cache.remember(
        count_cache.key_for(f"objects-{model.__name__}", user), lambda: _all_counts(model, user)
    )
    keep = set(wanted)
    return {pk: n for pk, n in every.items() if pk in keep}


def _all_counts(model: type[Model], user: Any) -> dict[int, int]:
    if model in (Tag, CustomField) and visibility_filter(Document, user) == Q():
        return _all_live_link_counts(model)
    rows, column = _rows(model, user)
    grouped = rows.order_by().values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in grouped if row[column] is not None}


def _all_live_link_counts(model: type[Model]) -> dict[int, int]:
    """For someone who sees every live document: all links, minus those of trashed documents and versions.

    Reading the link table's own index is ~10x cheaper than checking each link's document (measured at 100k
    documents and 250k tag links on SQLite), and the documents to subtract are few and found by index.
    """
    links, column = (
        (Document.tags.through.objects, "tag_id") if model is Tag else (CustomFieldInstance.objects, "field_id")
    )
    dead = (
        Document.global_objects.filter(deleted_at__isnull=False)
        .order_by()
        .values("pk")
        .union(Document.global_objects.filter(root_document__isnull=False).order_by().values("pk"), all=True)
    )
    counts = {row[column]: row["n"] for row in links.order_by().values(column).annotate(n=Count("pk"))}
    for row in links.filter(document_id__in=dead).order_by().values(column).annotate(n=Count("pk")):
        counts[row[column]] -= row["n"]
    return counts


def count_annotation(model: type[Model], user: Any) -> Coalesce:
    """Return a per-object expression for the same count (used only to order by `document_count`)."""
    rows, column = _rows(model, user)
    counted = rows.filter(**{column: OuterRef("pk")}).order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def last_correspondence(ids: Iterable[int], user: Any) -> dict[int, Any]:
    """Return {correspondent id: newest created date among the user's visible documents}."""
    wanted = list(ids)
    if not wanted:
        return {}
    grouped = (
        visible_documents(user)
        .filter(correspondent_id__in=wanted)
        .order_by()
        .values("correspondent_id")
        .annotate(last=Max("created"))
    )
    return {row["correspondent_id"]: row["last"] for row in grouped}


def last_correspondence_annotation(user: Any) -> Subquery:
    newest = visible_documents(user).filter(correspondent_id=OuterRef("pk")).order_by("-created").values("created")[:1]
    return Subquery(newest)
