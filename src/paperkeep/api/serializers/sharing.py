"""Share links: validation and output shape (`{id, created, expiration, slug, document, file_version}`)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from paperkeep.api.serializers.documents import iso_datetime
from paperkeep.documents.models import ShareLink


class ShareLinkWriteSerializer(serializers.Serializer[dict[str, Any]]):
    document = serializers.IntegerField()
    expiration = serializers.DateTimeField(allow_null=True, required=False)
    file_version = serializers.ChoiceField(choices=ShareLink.FileVersion.choices, required=False, default="archive")


def share_link_object(link: ShareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "created": iso_datetime(link.created),
        "expiration": iso_datetime(link.expiration),
        "slug": link.slug,
        "document": link.document_id,
        "file_version": link.file_version,
    }
