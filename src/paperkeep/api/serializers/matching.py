"""Tags, correspondents, document types and storage paths: input validation and output shapes."""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.utils.text import slugify
from rest_framework import serializers

from paperkeep.api.grants import PagePermissions
from paperkeep.api.serializers.owned import OwnedWriteSerializer
from paperkeep.documents.models import (
    DEFAULT_TAG_COLOR,
    Correspondent,
    MatchingAlgorithm,
    MatchingModel,
    StoragePath,
    Tag,
)
from paperkeep.documents.storage.naming import TEMPLATE_VARIABLES, convert_old_style

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class MatchingWriteSerializer(OwnedWriteSerializer):
    """The fields every matching object accepts."""

    name = serializers.CharField(max_length=128)
    match = serializers.CharField(max_length=256, allow_blank=True, required=False)
    matching_algorithm = serializers.ChoiceField(choices=MatchingAlgorithm.choices, required=False)
    is_insensitive = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        algorithm = attrs.get("matching_algorithm", getattr(self.instance, "matching_algorithm", None))
        if algorithm == MatchingAlgorithm.REGEX and attrs.get("match"):
            try:
                re.compile(attrs["match"])
            except re.error:
                raise serializers.ValidationError(
                    {"match": ["Invalid regular expression, see log for details."]}
                ) from None
        return attrs


class TagWriteSerializer(MatchingWriteSerializer):
    color = serializers.CharField(max_length=7, required=False)
    is_inbox_tag = serializers.BooleanField(required=False)
    parent = serializers.IntegerField(allow_null=True, required=False)  # type: ignore[assignment]

    def validate_color(self, color: str) -> str:
        if not _COLOR.match(color):
            raise serializers.ValidationError("Invalid color.")
        return color


class StoragePathWriteSerializer(MatchingWriteSerializer):
    path = serializers.CharField()

    def validate_path(self, path: str) -> str:
        from jinja2 import Environment, TemplateSyntaxError, meta  # only when a storage path is written

        converted = convert_old_style(path)
        try:
            names = meta.find_undeclared_variables(Environment(autoescape=False).parse(converted))  # noqa: S701
        except TemplateSyntaxError:
            raise serializers.ValidationError("Invalid variable detected.") from None
        if names - set(TEMPLATE_VARIABLES):
            raise serializers.ValidationError("Invalid variable detected.")
        # Like Paperless-ngx, refuse a template whose path is absolute or walks up (with the same message).
        literal = PurePosixPath(converted)
        if literal.is_absolute() or ".." in literal.parts or PureWindowsPath(converted).drive:
            raise serializers.ValidationError("Invalid variable detected.")
        return converted


def text_color(color: str) -> str:
    """Return the text colour Paperless-ngx shows on a tag of this background colour."""
    try:
        red, green, blue = (int(color.lstrip("#")[i : i + 2], 16) / 256 for i in (0, 2, 4))
    except ValueError:
        return "#000000"
    luminance = math.sqrt(0.299 * red**2 + 0.587 * green**2 + 0.114 * blue**2)
    return "#ffffff" if luminance < 0.53 else "#000000"


def matching_head(obj: MatchingModel) -> dict[str, Any]:
    return {"id": obj.pk, "slug": slugify(obj.name), "name": obj.name}


def matching_rules(obj: MatchingModel) -> dict[str, Any]:
    return {"match": obj.match, "matching_algorithm": obj.matching_algorithm, "is_insensitive": obj.is_insensitive}


def represent(obj: MatchingModel, counts: dict[int, int], perms: PagePermissions, full_perms: bool) -> dict[str, Any]:
    """Return the API object for a correspondent, document type or storage path."""
    data = matching_head(obj)
    if isinstance(obj, StoragePath):
        data["path"] = obj.path
    data.update(matching_rules(obj))
    data["document_count"] = counts.get(obj.pk, 0)
    if isinstance(obj, Correspondent) and hasattr(obj, "last_correspondence"):
        last = obj.last_correspondence
        data["last_correspondence"] = last.isoformat() if last is not None else None
    data["owner"] = obj.owner_id
    data.update(perms.fields(obj, full_perms=full_perms))
    return data


def represent_tag(
    tag: Tag,
    counts: dict[int, int],
    perms: PagePermissions,
    full_perms: bool,
    children: dict[int | None, list[Tag]],
) -> dict[str, Any]:
    """Return the API object for a tag, with its visible children nested."""
    data = matching_head(tag)
    data["color"] = tag.color or DEFAULT_TAG_COLOR
    data["text_color"] = text_color(data["color"])
    data.update(matching_rules(tag))
    data["is_inbox_tag"] = tag.is_inbox_tag
    data["document_count"] = counts.get(tag.pk, 0)
    data["owner"] = tag.owner_id
    data.update(perms.fields(tag, full_perms=full_perms))
    data["parent"] = tag.parent_id
    data["children"] = [represent_tag(child, counts, perms, full_perms, children) for child in children.get(tag.pk, [])]
    return data
