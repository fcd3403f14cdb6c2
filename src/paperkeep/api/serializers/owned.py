"""What every owned object accepts on write: `owner` and `set_permissions`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from paperkeep.api.grants import SetPermissionsField


class OwnedWriteSerializer(serializers.Serializer[dict[str, Any]]):
    """Validate `owner` (a user id or null) and `set_permissions` (grants to replace)."""

    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all(), allow_null=True, required=False)
    set_permissions = SetPermissionsField(required=False, allow_empty=True)


def owner_id_of(validated: dict[str, Any]) -> int | None:
    owner = validated.get("owner")
    return owner.pk if owner is not None else None
