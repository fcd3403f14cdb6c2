"""`/api/custom_fields/`: custom field definitions with the requester's `document_count`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api import counts
from paperkeep.api.filters.objects import CustomFieldFilterSet
from paperkeep.api.pagination import StandardPagination
from paperkeep.api.permissions import ModelPermissions
from paperkeep.documents.actions import field_definitions
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import CustomField, CustomFieldDataType


class CustomFieldWriteSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=128)
    data_type = serializers.ChoiceField(choices=CustomFieldDataType.choices)
    extra_data = serializers.JSONField(required=False, allow_null=True)


def represent(field: CustomField, found: dict[int, int]) -> dict[str, Any]:
    return {
        "id": field.pk,
        "name": field.name,
        "data_type": field.data_type,
        "extra_data": field.extra_data,
        "document_count": found.get(field.pk, 0),
    }


class CustomFieldViewSet(viewsets.GenericViewSet[CustomField]):
    """List, read, create, change and delete custom fields (global permissions only, as in Paperless-ngx)."""

    permission_classes = (IsAuthenticated, ModelPermissions)
    permission_model = CustomField
    pagination_class = StandardPagination
    filter_backends = (DjangoFilterBackend, OrderingFilter)
    filterset_class = CustomFieldFilterSet
    ordering_fields = ("name", "data_type", "document_count")
    queryset = CustomField.objects.none()

    def get_queryset(self) -> QuerySet[CustomField]:
        queryset = CustomField.objects.order_by("name")
        if "document_count" in self.request.query_params.get("ordering", ""):
            queryset = queryset.annotate(document_count=counts.count_annotation(CustomField, self.request.user))
        return queryset

    def get_object(self) -> CustomField:
        field = CustomField.objects.filter(pk=_int(self.kwargs.get("pk"))).first()
        if field is None:
            raise NotFound()
        return field

    def _represent(self, fields: list[CustomField]) -> list[dict[str, Any]]:
        found = counts.document_counts(CustomField, [f.pk for f in fields], self.request.user)
        return [represent(field, found) for field in fields]

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = self._represent(list(page if page is not None else queryset))
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self._represent([self.get_object()])[0])

    def create(self, request: Request) -> Response:
        serializer = CustomFieldWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        field = field_definitions.create_custom_field(values["name"], values["data_type"], values.get("extra_data"))
        return Response(self._represent([field])[0], status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        field = self.get_object()
        serializer = CustomFieldWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = {key: value for key, value in serializer.validated_data.items() if key != "data_type"}
        field = field_definitions.update_custom_field(field, **changes)
        return Response(self._represent([field])[0])

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        field_definitions.delete_custom_field(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise NotFound() from None
