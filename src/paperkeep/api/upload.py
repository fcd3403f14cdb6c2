"""`POST /api/documents/post_document/`: upload a file to be consumed; answers the task id as a JSON string.

Fields as Paperless-ngx's PostDocumentSerializer: document (required), title, created, correspondent,
document_type, storage_path, tags (repeatable), archive_serial_number, custom_fields (ids, or a JSON object
{id: value}), from_webui. The type is checked by content before the task is queued.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import exceptions
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep.api.permissions import forbidden, has_model_perm
from paperkeep.documents import queries
from paperkeep.documents.models import ASN_MAX, Correspondent, CustomField, Document, DocumentType, StoragePath, Tag
from paperkeep.ingest.context import Overrides, Source
from paperkeep.parsers import UnsupportedType


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


def _created(value: str | None) -> date | None:
    if not value:
        return None
    moment: datetime | None = parse_datetime(value.strip())
    if moment is not None:
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    day = parse_date(value.strip()[:10])
    if day is None:
        raise _invalid("created", "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DD.")
    return day


def _object_id(request: Request, field: str, model: type[Any]) -> int | None:
    raw = request.data.get(field)
    if raw in (None, "", "null"):
        return None
    try:
        pk = int(str(raw))
    except (TypeError, ValueError):
        raise _invalid(field, "Incorrect type. Expected pk value.") from None
    if not queries.visible(model, request.user).filter(pk=pk).exists():
        raise _invalid(field, f'Invalid pk "{pk}" - object does not exist.')
    return pk


def _tag_ids(request: Request) -> tuple[int, ...]:
    ids: list[int] = []
    for raw in request.data.getlist("tags") if hasattr(request.data, "getlist") else request.data.get("tags", []):
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            raise _invalid("tags", "Incorrect type. Expected pk value.") from None
    visible = set(queries.visible(Tag, request.user).filter(pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in visible]
    if missing:
        raise _invalid("tags", f'Invalid pk "{missing[0]}" - object does not exist.')
    return tuple(dict.fromkeys(ids))


def _asn(request: Request) -> int | None:
    raw = request.data.get("archive_serial_number")
    if raw in (None, "", "null"):
        return None
    try:
        asn = int(str(raw))
    except (TypeError, ValueError):
        raise _invalid("archive_serial_number", "A valid integer is required.") from None
    if not 0 <= asn <= ASN_MAX:
        raise _invalid("archive_serial_number", f"Ensure this value is between 0 and {ASN_MAX}.")
    return asn


def _custom_fields(request: Request) -> tuple[tuple[int, Any], ...]:
    values = request.data.getlist("custom_fields") if hasattr(request.data, "getlist") else []
    if not values:
        return ()
    parsed: Any = values
    if len(values) == 1 and isinstance(values[0], str) and values[0].strip()[:1] in "[{":
        try:
            parsed = json.loads(values[0])
        except ValueError:
            raise _invalid("custom_fields", "Invalid JSON.") from None
    pairs = parsed.items() if isinstance(parsed, dict) else ((item, None) for item in parsed)
    try:
        result = tuple((int(key), value) for key, value in pairs)
    except (TypeError, ValueError):
        raise _invalid("custom_fields", "Expected a list of custom field ids or an object {id: value}.") from None
    known = set(CustomField.objects.filter(pk__in=[pk for pk, _ in result]).values_list("pk", flat=True))
    for pk, _value in result:
        if pk not in known:
            raise _invalid("custom_fields", f'Invalid pk "{pk}" - object does not exist.')
    return result


class PostDocumentView(APIView):
    """Accept an upload, check its type, stage it durably and queue its consume task."""

    parser_classes = (MultiPartParser, FormParser)
    permission_classes = (IsAuthenticated,)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if not has_model_perm(request.user, Document, "add"):
            return forbidden()
        upload = request.data.get("document")
        if upload is None or not hasattr(upload, "chunks"):
            raise _invalid("document", "No file was submitted.")
        if upload.size == 0:
            raise _invalid("document", "The submitted file is empty.")
        limit = settings.CONFIG.consumer.max_file_size
        if upload.size > limit:
            raise _invalid("document", f"The file is larger than the limit of {limit // 2**20} MiB.")
        overrides = Overrides(
            title=(request.data.get("title") or None),
            created=_created(request.data.get("created")),
            correspondent_id=_object_id(request, "correspondent", Correspondent),
            document_type_id=_object_id(request, "document_type", DocumentType),
            storage_path_id=_object_id(request, "storage_path", StoragePath),
            tag_ids=_tag_ids(request),
            archive_serial_number=_asn(request),
            owner_id=request.user.pk,
            custom_fields=_custom_fields(request),
        )
        from_webui = str(request.data.get("from_webui", "")).lower() in ("1", "true", "yes", "on")
        source = Source.WEB_UI if from_webui else Source.API_UPLOAD
        # Imported here: Celery and the ingest pipeline stay out of the web process until an upload.
        from paperkeep.tasks.consume import submit_upload
        try:
            task_id = submit_upload(
                upload.name or "document", upload.chunks(), overrides, source=source, owner_id=request.user.pk
            )
        except UnsupportedType as exc:
            raise _invalid("document", str(exc)) from None
        return Response(task_id)
