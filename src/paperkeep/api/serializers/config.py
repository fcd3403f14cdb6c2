"""`/api/config/`: the application configuration in Paperless-ngx's shape and with its input rules.

- Every model field, in the model's order, plus `id`.
- `user_args` and `barcode_tag_mapping` are written out as JSON text (as Paperless-ngx does) and accepted as JSON
  text or as a JSON value; an empty string means null. `user_args` must be a JSON object (OCRmyPDF options).
- `language` and `llm_output_language` given as "" become null.
- `llm_api_key` is shown as asterisks; writing only asterisks keeps the stored key, "" clears it.
- `app_logo` is a multipart upload checked by `serializers.logo`; null (or "" in a form) removes the logo.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.http import QueryDict
from rest_framework import serializers

from paperkeep.api.serializers.logo import clean_logo
from paperkeep.documents import appconfig
from paperkeep.documents.models import ApplicationConfiguration

EMPTY_MEANS_NULL = ("user_args", "barcode_tag_mapping", "language", "llm_output_language")


class JsonTextField(serializers.JSONField):
    """A JSON value written out as JSON text; read from JSON text or from a JSON value."""

    def __init__(self, *, require_object: bool = False, **kwargs: Any) -> None:
        self.require_object = require_object
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bytes):
            data = data.decode()
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        value = super().to_internal_value(data)
        if self.require_object and value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("Must be a JSON object.")
        return value

    def to_representation(self, value: Any) -> Any:
        return json.dumps(value)


class ObfuscatedField(serializers.CharField):
    """A secret shown as asterisks (at least ten)."""

    def to_representation(self, value: Any) -> str:
        return "*" * max(10, len(str(value)))


def _check_endpoint(value: str | None) -> str | None:
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise serializers.ValidationError("Invalid LLM endpoint: Invalid URL scheme or hostname., see logs for details")
    return value


class ApplicationConfigurationSerializer(serializers.ModelSerializer[ApplicationConfiguration]):
    user_args = JsonTextField(require_object=True, allow_null=True, required=False)
    barcode_tag_mapping = JsonTextField(allow_null=True, required=False)
    llm_api_key = ObfuscatedField(required=False, allow_null=True, allow_blank=True, max_length=1024)

    class Meta:
        model = ApplicationConfiguration
        fields = "__all__"

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if isinstance(data, QueryDict) and not data._mutable:
            data = data.copy()
        if hasattr(data, "__setitem__"):
            for name in EMPTY_MEANS_NULL:
                if name in data and data[name] == "":
                    data[name] = None
            key = data.get("llm_api_key") if "llm_api_key" in data else None
            if isinstance(key, str) and key == "":
                data["llm_api_key"] = None
            elif isinstance(key, str) and not key.replace("*", ""):
                del data["llm_api_key"]  # the obfuscated value sent back: keep the stored key
        return super().run_validation(data)

    def validate_user_args(self, value: Any) -> Any:
        refused = appconfig.refused_user_args(value) if isinstance(value, dict) else []
        if refused:
            raise serializers.ValidationError(
                f"These OCRmyPDF options cannot be set here: {', '.join(refused)}. "
                "Set them with PAPERLESS_OCR_USER_ARGS if they are needed."
            )
        return value

    def validate_app_logo(self, value: Any) -> Any:
        return clean_logo(value) if value else value

    def validate_llm_endpoint(self, value: str | None) -> str | None:
        return _check_endpoint(value)

    def validate_llm_embedding_endpoint(self, value: str | None) -> str | None:
        return _check_endpoint(value)

    def create(self, validated_data: dict[str, Any]) -> ApplicationConfiguration:
        raise NotImplementedError("the configuration row is never created through the API")

    def update(self, instance: ApplicationConfiguration, validated_data: dict[str, Any]) -> ApplicationConfiguration:
        return appconfig.update_app_config(instance, validated_data)
