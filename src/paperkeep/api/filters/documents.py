"""Every filter of `GET /api/documents/` (Paperless-ngx's `DocumentFilterSet`, §2.4).

Filters on tags and custom fields are EXISTS subqueries, never joins, so the list needs no DISTINCT and its
COUNT stays a plain `COUNT(*)` however many tags are combined.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters

from paperkeep.api.filters.custom_field_query import custom_field_query
from paperkeep.api.params import TRUE_WORDS, int_list
from paperkeep.documents.models import CustomField, CustomFieldInstance, Document

CHAR = ["istartswith", "iendswith", "icontains", "iexact"]
IDS = ["in", "exact"]
INTS = ["exact", "gt", "gte", "lt", "lte", "isnull"]
DATES = ["year", "month", "day", "gt", "gte", "lt", "lte"]
DATETIMES = ["year", "month", "day", "date__gt", "date__gte", "gt", "gte", "date__lt", "date__lte", "lt", "lte"]

_DocumentTags = Document.tags.through


def _tag_rows(**lookups: Any) -> Exists:
    return Exists(_DocumentTags.objects.filter(document_id=OuterRef("pk"), **lookups))


def _field_rows(**lookups: Any) -> Exists:
    return Exists(CustomFieldInstance.objects.filter(document_id=OuterRef("pk"), **lookups))


def _tagged(**lookups: Any) -> Q:
    """`id IN (documents with such a tag)`: SQLite reads the tag's index first (measured at 100k documents:
    8 ms against 80 ms for a correlated EXISTS per document)."""
    return Q(pk__in=_DocumentTags.objects.filter(**lookups).values("document_id"))


def _with_field(**lookups: Any) -> Q:
    return Q(pk__in=CustomFieldInstance.objects.filter(**lookups).values("document_id"))


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in TRUE_WORDS


class RelatedIdsFilter(filters.Filter):
    """`<relation>__id__all|none|in` on tags or custom fields: one EXISTS per id (all, none) or one for all (in)."""

    def __init__(self, *, relation: str, mode: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.relation = relation
        self.mode = mode

    def filter(self, qs: QuerySet[Document], value: Any) -> QuerySet[Document]:
        if not value:
            return qs
        ids = int_list(value)
        if ids is None:
            return qs
        rows = _tagged if self.relation == "tags" else _with_field
        column = "tag_id" if self.relation == "tags" else "field_id"
        if self.mode == "in":
            return qs.filter(rows(**{f"{column}__in": ids}))
        for object_id in ids:
            condition = rows(**{column: object_id})
            qs = qs.filter(condition) if self.mode == "all" else qs.exclude(condition)
        return qs


class ForeignIdsNoneFilter(filters.Filter):
    """`<fk>__id__none`: exclude each listed id (documents without the relation stay)."""

    def filter(self, qs: QuerySet[Document], value: Any) -> QuerySet[Document]:
        ids = int_list(value) if value else None
        if not ids:
            return qs
        column = f"{self.field_name}_id"
        return qs.filter(Q(**{f"{column}__isnull": True}) | ~Q(**{f"{column}__in": ids}))


class SearchTermsFilter(filters.Filter):
    """DRF's `search=`: every word must appear in the title, the correspondent's name or the content."""

    def filter(self, qs: QuerySet[Document], value: Any) -> QuerySet[Document]:
        for term in str(value or "").replace(",", " ").split():
            qs = qs.filter(
                Q(title__icontains=term) | Q(correspondent__name__icontains=term) | Q(content__icontains=term)
            )
        return qs


class DocumentFilterSet(filters.FilterSet):
    """Paperless-ngx's document filters, parameter for parameter."""

    tags__id = filters.NumberFilter(method="_tag_exact")
    tags__id__in = RelatedIdsFilter(relation="tags", mode="in")
    tags__id__all = RelatedIdsFilter(relation="tags", mode="all")
    tags__id__none = RelatedIdsFilter(relation="tags", mode="none")
    tags__name__istartswith = filters.CharFilter(method="_tag_name", lookup_expr="istartswith")
    tags__name__iendswith = filters.CharFilter(method="_tag_name", lookup_expr="iendswith")
    tags__name__icontains = filters.CharFilter(method="_tag_name", lookup_expr="icontains")
    tags__name__iexact = filters.CharFilter(method="_tag_name", lookup_expr="iexact")
    is_tagged = filters.CharFilter(method="_is_tagged")
    is_in_inbox = filters.CharFilter(method="_is_in_inbox")

    correspondent__id__none = ForeignIdsNoneFilter(field_name="correspondent")
    document_type__id__none = ForeignIdsNoneFilter(field_name="document_type")
    storage_path__id__none = ForeignIdsNoneFilter(field_name="storage_path")
    owner__id__none = ForeignIdsNoneFilter(field_name="owner")
    shared_by__id = filters.NumberFilter(method="_shared_by")

    custom_fields__id__all = RelatedIdsFilter(relation="custom_fields", mode="all")
    custom_fields__id__none = RelatedIdsFilter(relation="custom_fields", mode="none")
    custom_fields__id__in = RelatedIdsFilter(relation="custom_fields", mode="in")
    has_custom_fields = filters.CharFilter(method="_has_custom_fields")
    custom_field_query = filters.CharFilter(method="_custom_field_query")
    custom_fields__icontains = filters.CharFilter(method="_custom_fields_icontains")

    content__istartswith = filters.CharFilter(field_name="content", lookup_expr="istartswith")
    content__iendswith = filters.CharFilter(field_name="content", lookup_expr="iendswith")
    content__icontains = filters.CharFilter(field_name="content", lookup_expr="icontains")
    content__iexact = filters.CharFilter(field_name="content", lookup_expr="iexact")
    title_content = filters.CharFilter(method="_title_content")
    mime_type = filters.CharFilter(field_name="mime_type", lookup_expr="icontains")
    search = SearchTermsFilter()

    created__date__gt = filters.DateFilter(field_name="created", lookup_expr="gt")
    created__date__gte = filters.DateFilter(field_name="created", lookup_expr="gte")
    created__date__lt = filters.DateFilter(field_name="created", lookup_expr="lt")
    created__date__lte = filters.DateFilter(field_name="created", lookup_expr="lte")

    class Meta:
        model = Document
        fields = {
            "id": IDS,
            "title": CHAR,
            "archive_serial_number": INTS,
            "created": DATES,
            "added": DATETIMES,
            "modified": DATETIMES,
            "original_filename": CHAR,
            "checksum": CHAR,
            "correspondent": ["isnull"],
            "correspondent__id": IDS,
            "correspondent__name": CHAR,
            "document_type": ["isnull"],
            "document_type__id": IDS,
            "document_type__name": CHAR,
            "storage_path": ["isnull"],
            "storage_path__id": IDS,
            "storage_path__name": CHAR,
            "owner": ["isnull"],
            "owner__id": IDS,
        }

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Copy and build a form for only the parameters actually sent: doing it for all ~120 filters costs
        # ~30 ms per request. The instance attribute shadows the class's `base_filters`.
        present = set(data or ())
        every: dict[str, Any] = type(self).base_filters  # type: ignore[has-type]
        self.base_filters = {name: f for name, f in every.items() if name in present}
        super().__init__(data, *args, **kwargs)

    def _tag_exact(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        return qs.filter(_tagged(tag_id=int(value)))

    def _tag_name(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        lookup = name.rsplit("__", 1)[1]
        return qs.filter(_tagged(**{f"tag__name__{lookup}": value})) if value else qs

    def _is_tagged(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        return qs.filter(_tag_rows()) if _truthy(value) else qs.exclude(_tag_rows())

    def _is_in_inbox(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        inbox = _tagged(tag__is_inbox_tag=True)
        if value == "true":
            return qs.filter(inbox)
        if value == "false":
            return qs.exclude(inbox)
        return qs

    def _shared_by(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        if value is None:
            return qs
        shared = Q()
        for relation in ("view_users", "view_groups", "change_users", "change_groups"):
            field = Document._meta.get_field(relation)
            through = field.remote_field.through  # type: ignore[union-attr]
            shared |= Q(Exists(through.objects.filter(document_id=OuterRef("pk"))))
        return qs.filter(shared, owner_id=int(value))

    def _has_custom_fields(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        return qs.filter(_field_rows()) if _truthy(value) else qs.exclude(_field_rows())

    def _custom_field_query(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        return qs.filter(custom_field_query(value)) if value else qs

    def _custom_fields_icontains(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        value = str(value or "").strip()
        if not value:
            return qs
        options = [
            str(option.get("id"))
            for field in CustomField.objects.filter(data_type="select")
            for option in (field.extra_data or {}).get("select_options", [])
            if value.lower() in str(option.get("label", "")).lower()
        ]
        condition = Q(field__name__icontains=value) | Q(value_select__in=options)
        for column in ("value_text", "value_url", "value_monetary", "value_long_text"):
            condition |= Q(**{f"{column}__icontains": value})
        return qs.filter(Exists(CustomFieldInstance.objects.filter(condition, document_id=OuterRef("pk"))))

    def _title_content(self, qs: QuerySet[Document], name: str, value: Any) -> QuerySet[Document]:
        value = str(value or "").strip()
        return qs.filter(Q(title__icontains=value) | Q(content__icontains=value)) if value else qs
