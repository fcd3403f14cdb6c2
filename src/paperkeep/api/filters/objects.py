"""Filters of the object lists (tags, correspondents, types, storage paths, custom fields)."""

from __future__ import annotations

from django_filters import rest_framework as filters

from paperkeep.documents.models import Correspondent, CustomField, DocumentType, StoragePath, Tag

CHAR_LOOKUPS = ["istartswith", "iendswith", "icontains", "iexact"]
ID_LOOKUPS = ["in", "exact"]


class CorrespondentFilterSet(filters.FilterSet):
    class Meta:
        model = Correspondent
        fields = {"id": ID_LOOKUPS, "name": CHAR_LOOKUPS}


class TagFilterSet(filters.FilterSet):
    is_root = filters.BooleanFilter(label="Is root tag", field_name="parent", lookup_expr="isnull")

    class Meta:
        model = Tag
        fields = {"id": ID_LOOKUPS, "name": CHAR_LOOKUPS}


class DocumentTypeFilterSet(filters.FilterSet):
    class Meta:
        model = DocumentType
        fields = {"id": ID_LOOKUPS, "name": CHAR_LOOKUPS}


class StoragePathFilterSet(filters.FilterSet):
    class Meta:
        model = StoragePath
        fields = {"id": ID_LOOKUPS, "name": CHAR_LOOKUPS, "path": CHAR_LOOKUPS}


class CustomFieldFilterSet(filters.FilterSet):
    class Meta:
        model = CustomField
        fields = {"id": ID_LOOKUPS, "name": CHAR_LOOKUPS}
