"""The one place where domain errors become HTTP answers (STYLE habit 4)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from paperkeep.documents import errors as domain


def to_api_exception(exc: domain.DocumentsError) -> exceptions.APIException:
    """Translate a documents-layer error into the DRF exception Paperless-ngx would raise."""
    if isinstance(exc, domain.NotFound):
        return exceptions.NotFound(exc.message)
    if isinstance(exc, domain.PermissionDenied):
        return exceptions.PermissionDenied(exc.message)
    field = exc.field or "non_field_errors"
    return exceptions.ValidationError({field: [exc.message]}, code=exc.code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, taught the documents-layer errors."""
    if isinstance(exc, domain.DocumentsError):
        exc = to_api_exception(exc)
    return drf_exception_handler(exc, context)
