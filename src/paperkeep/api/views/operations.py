"""The v10 document-operation endpoints (§2.8): `POST /api/documents/{reprocess,rotate,merge,edit_pdf,
remove_password}/` (`delete/` is `bulk.DeleteDocumentsView`). Paperless-ngx serves them on every API version.

Each takes its parameters at the top level of the body instead of bulk_edit's `parameters`, plus `source_mode`
(`latest_version` or `explicit_selection`; Paperkeep has no document versions, so both mean the document itself)
and `from_webui`, and answers `{"result": "OK"}`. They run the same plans and permission checks as bulk_edit:
a hidden document is refused like a missing one, and nothing is applied when the request is refused.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from paperkeep.api.views.bulk import DocumentSelectionSerializer, apply_pdf_plan, reprocess, selected_documents
from paperkeep.ingest.context import Source
from paperkeep.tasks import pdf_operations

SOURCE_MODES = ("latest_version", "explicit_selection")


class OperationSerializer(DocumentSelectionSerializer):
    """`documents` (or, where `allow_all`, `all` + `filters`), `source_mode`, `from_webui`."""

    allow_all: ClassVar[bool] = True
    source_mode = serializers.CharField(required=False, default="latest_version")
    from_webui = serializers.BooleanField(required=False, default=False)

    def validate_source_mode(self, value: str) -> str:
        if value not in SOURCE_MODES:
            raise serializers.ValidationError("Invalid source_mode")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not self.allow_all:
            attrs.pop("all", None)
            attrs.pop("filters", None)
            if "documents" not in attrs:
                raise serializers.ValidationError({"documents": ["This field is required."]})
        return super().validate(attrs)


class ReprocessSerializer(OperationSerializer):
    pass


class RotateSerializer(OperationSerializer):
    degrees = serializers.IntegerField()


class MergeSerializer(OperationSerializer):
    allow_all = False
    metadata_document_id = serializers.IntegerField(required=False, allow_null=True)
    delete_originals = serializers.BooleanField(required=False, default=False)
    archive_fallback = serializers.BooleanField(required=False, default=False)


class EditPdfSerializer(OperationSerializer):
    allow_all = False
    operations = serializers.ListField()
    delete_original = serializers.BooleanField(required=False, default=False)
    update_document = serializers.BooleanField(required=False, default=False)
    include_metadata = serializers.BooleanField(required=False, default=True)


class RemovePasswordSerializer(OperationSerializer):
    allow_all = False
    password = serializers.CharField(trim_whitespace=False)
    update_document = serializers.BooleanField(required=False, default=False)
    delete_original = serializers.BooleanField(required=False, default=False)
    include_metadata = serializers.BooleanField(required=False, default=True)

    def validate_password(self, value: str) -> str:
        if not isinstance(self.initial_data.get("password"), str):
            raise serializers.ValidationError("password must be a string")
        return value


SELECTION_FIELDS = frozenset({"documents", "all", "filters", "source_mode", "from_webui"})


class PdfOperationView(APIView):
    """Validate the body with `serializer_class`, then run bulk_edit's plan for `method` on the chosen documents."""

    permission_classes = (IsAuthenticated,)
    serializer_class: ClassVar[type[OperationSerializer]]
    method: ClassVar[str]

    def post(self, request: Request) -> Any:
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user
        ids = selected_documents(user, data)
        parameters = {key: value for key, value in data.items() if key not in SELECTION_FIELDS}
        source = Source.WEB_UI if data.get("from_webui") else Source.API_UPLOAD
        try:
            pdf_plan = pdf_operations.plan_pdf(self.method, parameters, user, source=source)
            return apply_pdf_plan(user, ids, pdf_plan)
        except exceptions.ValidationError as error:
            raise _top_level(error) from None


def _top_level(error: exceptions.ValidationError) -> exceptions.ValidationError:
    """bulk_edit names its parameter errors `parameters`; these endpoints have no such field."""
    detail = error.detail
    if isinstance(detail, dict) and "parameters" in detail:
        detail = {**{k: v for k, v in detail.items() if k != "parameters"}, "non_field_errors": detail["parameters"]}
    return exceptions.ValidationError(detail)


class RotateView(PdfOperationView):
    """`POST /api/documents/rotate/` `{documents|all+filters, degrees}`."""

    serializer_class = RotateSerializer
    method = "rotate"


class MergeView(PdfOperationView):
    """`POST /api/documents/merge/` `{documents, metadata_document_id?, delete_originals?, archive_fallback?}`."""

    serializer_class = MergeSerializer
    method = "merge"


class EditPdfView(PdfOperationView):
    """`POST /api/documents/edit_pdf/` `{documents: [one], operations, delete_original?, update_document?,
    include_metadata?}`."""

    serializer_class = EditPdfSerializer
    method = "edit_pdf"


class RemovePasswordView(PdfOperationView):
    """`POST /api/documents/remove_password/` `{documents, password, update_document?, delete_original?,
    include_metadata?}`."""

    serializer_class = RemovePasswordSerializer
    method = "remove_password"


class ReprocessView(APIView):
    """`POST /api/documents/reprocess/` `{documents|all+filters}`: read the originals again in the worker."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Any:
        serializer = ReprocessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return reprocess(request.user, selected_documents(request.user, serializer.validated_data))
