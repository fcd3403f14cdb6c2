"""Validation of PUT/PATCH on a document; ids of objects the editor cannot see are refused like missing ones."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, serializers

from paperkeep.api.serializers.owned import OwnedWriteSerializer
from paperkeep.documents import queries
from paperkeep.documents.models import (
    ASN_MAX,
    Correspondent,
    CustomField,
    CustomFieldDataType,
    DocumentType,
    StoragePath,
    Tag,
)


def _missing(pk: object) -> str:
    return f'Invalid pk "{pk}" - object does not exist.'


class CreatedField(serializers.DateField):
    """A date; an old client's datetime string is converted to a local date, as Paperless does."""

    def to_internal_value(self, value: Any) -> date:
        if isinstance(value, str) and ":" in value:
            parsed = parse_datetime(value)
            if parsed is not None:
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed)
                return timezone.localtime(parsed).date()
        if isinstance(value, datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        result: date = super().to_internal_value(value)
        return result


class PrimaryKeyField(serializers.IntegerField):
    """An object id, refused with DRF's related-field message when it is not a number (as Paperless does)."""

    default_error_messages = {"invalid": "Incorrect type. Expected pk value, received {data_type}."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).strip().lstrip("-").isdigit():
            self.fail("invalid", data_type=type(data).__name__)
        return int(data)


class CustomFieldValueSerializer(serializers.Serializer[dict[str, Any]]):
    field = PrimaryKeyField()
    value = serializers.JSONField(allow_null=True, required=False)


class DocumentWriteSerializer(OwnedWriteSerializer):
    """The writable fields of a document, in Paperless-ngx's order.

    As in Paperless-ngx, a PUT must carry `correspondent`, `document_type`, `storage_path` and `tags` (each may be
    null or empty); the other fields keep their value when left out. PATCH needs none of them.
    """

    correspondent = PrimaryKeyField(allow_null=True)
    document_type = PrimaryKeyField(allow_null=True)
    storage_path = PrimaryKeyField(allow_null=True)
    title = serializers.CharField(max_length=128, allow_blank=True, required=False)
    content = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    tags = serializers.ListField(child=PrimaryKeyField())
    created = CreatedField(required=False)
    created_date = CreatedField(required=False)
    archive_serial_number = serializers.IntegerField(allow_null=True, required=False, min_value=0, max_value=ASN_MAX)
    custom_fields = CustomFieldValueSerializer(many=True, required=False)
    remove_inbox_tags = serializers.BooleanField(required=False, default=False, allow_null=True)

    def _user(self) -> Any:
        return self.context["request"].user

    def _visible_pk(self, model: type, pk: int | None) -> int | None:
        if pk is None:
            return None
        if not queries.visible(model, self._user()).filter(pk=pk).exists():
            raise serializers.ValidationError(_missing(pk))
        return pk

    def validate_correspondent(self, pk: int | None) -> int | None:
        return self._visible_pk(Correspondent, pk)

    def validate_document_type(self, pk: int | None) -> int | None:
        return self._visible_pk(DocumentType, pk)

    def validate_storage_path(self, pk: int | None) -> int | None:
        return self._visible_pk(StoragePath, pk)

    def validate_tags(self, pks: list[int]) -> list[int]:
        wanted = set(pks)
        found = set(queries.visible(Tag, self._user()).filter(pk__in=wanted).values_list("pk", flat=True))
        missing = sorted(wanted - found)
        if missing:
            raise serializers.ValidationError(_missing(missing[0]))
        return sorted(wanted)

    def validate_custom_fields(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = {row["field"] for row in rows}
        found = set(CustomField.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = sorted(ids - found)
        if missing:
            raise serializers.ValidationError(_missing(missing[0]))
        self._check_link_targets(rows)
        return rows

    def _check_link_targets(self, rows: list[dict[str, Any]]) -> None:
        """Linked documents get the link mirrored onto them, so the editor must be able to change each one
        (Paperless-ngx: 403 "Insufficient permissions."); one they cannot see counts as missing."""
        link_fields = set(
            CustomField.objects.filter(
                pk__in={row["field"] for row in rows}, data_type=CustomFieldDataType.DOCUMENTLINK
            ).values_list("pk", flat=True)
        )
        targets: set[int] = set()
        for row in rows:
            value = row.get("value")
            if row["field"] in link_fields and isinstance(value, list):
                targets |= {pk for pk in value if isinstance(pk, int) and not isinstance(pk, bool)}
        if not targets:
            return
        user = self._user()
        seen = list(queries.visible_documents(user).filter(pk__in=targets))
        if len(seen) != len(targets):
            raise serializers.ValidationError("Some documents in value don't exist or were specified twice.")
        if not all(queries.can_change(user, document) for document in seen):
            raise exceptions.PermissionDenied("Insufficient permissions.")
