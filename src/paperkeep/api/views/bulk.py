"""Bulk operations: `documents/bulk_edit/`, `documents/delete/`, `documents/selection_data/`,
`bulk_edit_objects/` (§2.8). Every operation checks every object first and changes nothing if one fails."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep.api import search_hook
from paperkeep.api.filters.documents import DocumentFilterSet
from paperkeep.api.filters.objects import (
    CorrespondentFilterSet,
    DocumentTypeFilterSet,
    StoragePathFilterSet,
    TagFilterSet,
)
from paperkeep.api.grants import SetPermissionsField
from paperkeep.api.permissions import forbidden, has_model_perm, is_superuser
from paperkeep.api.selection import selection_data
from paperkeep.documents import queries
from paperkeep.documents.actions import bulk
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.actions.objects import delete_object
from paperkeep.documents.actions.permissions import set_permissions
from paperkeep.documents.models import (
    Correspondent,
    CustomField,
    CustomFieldDataType,
    Document,
    DocumentType,
    StoragePath,
    Tag,
)
from paperkeep.ingest.context import Source
from paperkeep.tasks import pdf_operations

METADATA_METHODS = (
    "set_correspondent", "set_document_type", "set_storage_path", "add_tag", "remove_tag", "modify_tags",
    "modify_custom_fields", "set_permissions", "delete",
)  # fmt: skip
OWNER_ONLY = frozenset({"set_permissions", "delete"})


class DocumentSelectionSerializer(serializers.Serializer[dict[str, Any]]):
    documents = serializers.ListField(child=serializers.IntegerField(), required=False)
    all = serializers.BooleanField(required=False, default=False)
    filters = serializers.DictField(required=False, allow_empty=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("all") and "documents" not in attrs:
            raise serializers.ValidationError("documents is required unless all is true.")
        return attrs


class BulkEditSerializer(DocumentSelectionSerializer):
    method = serializers.ChoiceField(choices=METADATA_METHODS)
    parameters = serializers.DictField(required=False, default=dict)
    from_webui = serializers.BooleanField(required=False, default=False)


def selected_documents(user: Any, data: dict[str, Any]) -> list[int]:
    """Return the ids chosen by `documents` or by `all` + `filters`; unknown or hidden ids are a 400."""
    visible = queries.visible_documents(user)
    if data.get("all"):
        filters = dict(data.get("filters") or {})
        searched = {key: filters.pop(key) for key in search_hook.SEARCH_PARAMS if key in filters}
        filterset = DocumentFilterSet(data=filters, queryset=visible)
        if not filterset.is_valid():
            raise exceptions.ValidationError({"filters": filterset.errors})
        chosen: QuerySet[Document] = filterset.qs
        if searched:
            backend = search_hook.backend()
            if backend is None or len(searched) > 1:
                raise exceptions.ValidationError({"filters": ["This search cannot be used here."]})
            kind, value = next(iter(searched.items()))
            chosen = chosen.filter(pk__in=list(backend.search(user, kind, str(value), chosen).ids))
        return list(chosen.order_by().values_list("pk", flat=True))
    ids = list(data["documents"])
    if len(set(ids)) != len(ids) or visible.filter(pk__in=ids).count() != len(ids):
        raise exceptions.ValidationError(
            {"documents": ["Some documents in documents don't exist or were specified twice."]}
        )
    return ids


def may_change_all(user: Any, ids: list[int], *, owner_only: bool) -> bool:
    """Superuser; or global change permission plus change (or, for `owner_only`, ownership) of every document."""
    if is_superuser(user):
        return True
    if not has_model_perm(user, Document, "change"):
        return False
    documents = Document.global_objects.filter(pk__in=ids)
    if documents.exclude(queries.change_filter(Document, user)).exists():
        return False
    return not (owner_only and documents.exclude(owner_id=user.pk).exclude(owner__isnull=True).exists())


def _visible_ids(model: Any, user: Any, ids: list[int], name: str) -> None:
    if queries.visible(model, user).filter(pk__in=ids).count() != len(set(ids)):
        raise exceptions.ValidationError({"parameters": [f"Some {name} don't exist or were specified twice."]})


def _int_or_none(parameters: dict[str, Any], key: str) -> int | None:
    if key not in parameters:
        raise exceptions.ValidationError({"parameters": [f"{key} not specified"]})
    value = parameters[key]
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise exceptions.ValidationError({"parameters": [f"{key} must be an integer or null"]})
    return value


def _id_list(parameters: dict[str, Any], key: str) -> list[int]:
    value = parameters.get(key, [])
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise exceptions.ValidationError({"parameters": [f"{key} must be a list of integers"]})
    return value


def _check_link_targets(user: Any, values: dict[int, Any]) -> None:
    """Document-link values are mirrored onto the linked documents, so the user must be able to change each one
    (403 "Insufficient permissions.", as for a single document); one they cannot see counts as missing (400)."""
    links = CustomField.objects.filter(pk__in=values, data_type=CustomFieldDataType.DOCUMENTLINK)
    targets: set[int] = set()
    for field_id in links.values_list("pk", flat=True):
        value = values[field_id]
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value)
        ):
            raise exceptions.ValidationError({"parameters": ["a document link value must be a list of document ids"]})
        targets |= set(value or [])
    if not targets:
        return
    seen = list(queries.visible_documents(user).filter(pk__in=targets))
    if len(seen) != len(targets):
        raise exceptions.ValidationError({"parameters": ["Some documents in value don't exist."]})
    if not all(queries.can_change(user, document) for document in seen):
        raise exceptions.PermissionDenied("Insufficient permissions.")


def plan(method: str, parameters: dict[str, Any], user: Any) -> Any:
    """Validate the parameters of a bulk method and return what to run (nothing runs yet)."""
    if method in ("set_correspondent", "set_document_type", "set_storage_path"):
        key = method.removeprefix("set_")
        model = {"correspondent": Correspondent, "document_type": DocumentType, "storage_path": StoragePath}[key]
        value = _int_or_none(parameters, key)
        if value is not None:
            _visible_ids(model, user, [value], key)
        return lambda ids: bulk.set_foreign_key(ids, f"{key}_id", value)
    if method in ("add_tag", "remove_tag"):
        tag = _int_or_none(parameters, "tag")
        if tag is None:
            raise exceptions.ValidationError({"parameters": ["tag not specified"]})
        _visible_ids(Tag, user, [tag], "tags")
        add, remove = ([tag], []) if method == "add_tag" else ([], [tag])
        return lambda ids: bulk.change_tags(ids, add=add, remove=remove)
    if method == "modify_tags":
        add, remove = _id_list(parameters, "add_tags"), _id_list(parameters, "remove_tags")
        _visible_ids(Tag, user, add + remove, "tags")
        return lambda ids: bulk.change_tags(ids, add=add, remove=remove)
    if method == "modify_custom_fields":
        raw_add = parameters.get("add_custom_fields", [])
        if isinstance(raw_add, dict) and not all(str(k).isdigit() for k in raw_add):
            raise exceptions.ValidationError({"parameters": ["add_custom_fields keys must be custom field ids"]})
        fields: dict[int, Any] | list[int] = (
            {int(k): v for k, v in raw_add.items()}
            if isinstance(raw_add, dict)
            else _id_list(parameters, "add_custom_fields")
        )
        remove = _id_list(parameters, "remove_custom_fields")
        if isinstance(fields, dict):
            _check_link_targets(user, fields)
        return lambda ids: bulk.change_custom_fields(ids, add=fields, remove=remove)
    if method == "set_permissions":
        requested = None
        if parameters.get("set_permissions") is not None:
            requested = SetPermissionsField().to_internal_value(parameters["set_permissions"])
        owner = parameters.get("owner")
        if owner is not None and not isinstance(owner, int):
            raise exceptions.ValidationError({"parameters": ["owner must be a user id or null"]})
        merge = bool(parameters.get("merge", False))
        has_owner = "owner" in parameters
        return lambda ids: bulk.share_documents(
            ids, requested=requested, owner_id=owner, set_owner_to=has_owner, merge=merge
        )
    return lambda ids: trash_documents(list(Document.objects.filter(pk__in=ids)))


class BulkEditView(APIView):
    """`POST /api/documents/bulk_edit/` → `{"result": "OK"}`."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Any:
        if request.data.get("method") in pdf_operations.PDF_METHODS:
            return self._pdf_method(request)
        if request.data.get("method") == "reprocess":
            return self._reprocess(request)
        serializer = BulkEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user
        ids = selected_documents(user, data)
        method = data["method"]
        run = plan(method, dict(data.get("parameters") or {}), user)
        if not may_change_all(user, ids, owner_only=method in OWNER_ONLY):
            return forbidden()
        if method == "delete" and not has_model_perm(user, Document, "delete"):
            return forbidden()
        with transaction.atomic():
            run(ids)
        return Response({"result": "OK"})

    def _reprocess(self, request: Request) -> Any:
        serializer = DocumentSelectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return reprocess(request.user, selected_documents(request.user, serializer.validated_data))

    def _pdf_method(self, request: Request) -> Any:
        """rotate, delete_pages, split, merge, edit_pdf, remove_password: PDFs only, permissions as §2.8 says."""
        serializer = DocumentSelectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        method = str(request.data["method"])
        if serializer.validated_data.get("all") and method in pdf_operations.NO_ALL:
            raise exceptions.ValidationError({"non_field_errors": ["This method does not support all=true."]})
        user = request.user
        ids = selected_documents(user, serializer.validated_data)
        parameters = request.data.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise exceptions.ValidationError({"parameters": ["parameters must be an object"]})
        source = Source.WEB_UI if request.data.get("from_webui") is True else Source.API_UPLOAD
        return apply_pdf_plan(user, ids, pdf_operations.plan_pdf(method, dict(parameters), user, source=source))


def reprocess(user: Any, ids: list[int]) -> Any:
    """Queue a re-read of each chosen document's original; every one must be changeable by the user."""
    if not may_change_all(user, ids, owner_only=False):
        return forbidden()
    from paperkeep.tasks.reprocess import queue_reprocess  # Celery stays out of the web process until needed

    transaction.on_commit(lambda: queue_reprocess(ids))
    return Response({"result": "OK"})


def apply_pdf_plan(user: Any, ids: list[int], pdf_plan: pdf_operations.PdfPlan) -> Any:
    """Check the plan against the chosen ids, then the permissions (403, nothing done), then run it atomically."""
    pdf_plan.check(ids)
    if not may_change_all(user, ids, owner_only=pdf_plan.owner_only):
        return forbidden()
    if (pdf_plan.needs_add and not has_model_perm(user, Document, "add")) or (
        pdf_plan.needs_delete and not has_model_perm(user, Document, "delete")
    ):
        return forbidden()
    with transaction.atomic():
        pdf_plan.run(ids)
    return Response({"result": "OK"})


class DeleteDocumentsView(APIView):
    """`POST /api/documents/delete/` (v10): move documents to the trash."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Any:
        serializer = DocumentSelectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = selected_documents(request.user, serializer.validated_data)
        if not may_change_all(request.user, ids, owner_only=True) or not has_model_perm(
            request.user, Document, "delete"
        ):
            return forbidden()
        trash_documents(list(Document.objects.filter(pk__in=ids)))
        return Response({"result": "OK"})


class SelectionDataView(APIView):
    """`POST /api/documents/selection_data/` `{documents}` → per-object counts among them."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Any:
        ids = request.data.get("documents") if hasattr(request.data, "get") else None
        if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
            raise exceptions.ValidationError({"documents": ["This field is required."]})
        documents = queries.visible_documents(request.user).filter(pk__in=ids)
        if documents.count() != len(set(ids)):
            return forbidden()
        return Response(selection_data(documents, request.user))


OBJECT_TYPES: dict[str, tuple[Any, Any]] = {
    "tags": (Tag, TagFilterSet),
    "correspondents": (Correspondent, CorrespondentFilterSet),
    "document_types": (DocumentType, DocumentTypeFilterSet),
    "storage_paths": (StoragePath, StoragePathFilterSet),
}


class BulkEditObjectsSerializer(serializers.Serializer[dict[str, Any]]):
    objects = serializers.ListField(child=serializers.IntegerField(), required=False)
    all = serializers.BooleanField(required=False, default=False)
    filters = serializers.DictField(required=False, allow_empty=True)
    object_type = serializers.ChoiceField(choices=list(OBJECT_TYPES))
    operation = serializers.ChoiceField(choices=["set_permissions", "delete"])
    owner = serializers.IntegerField(required=False, allow_null=True)
    permissions = SetPermissionsField(required=False)
    merge = serializers.BooleanField(required=False, default=False)


class BulkEditObjectsView(APIView):
    """`POST /api/bulk_edit_objects/`: set permissions on, or delete, many tags/correspondents/types/paths."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Any:
        serializer = BulkEditObjectsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user
        model, filterset_class = OBJECT_TYPES[data["object_type"]]
        visible = queries.visible(model, user)
        if data.get("all"):
            ids = list(
                filterset_class(data=data.get("filters") or {}, queryset=visible).qs.values_list("pk", flat=True)
            )
        else:
            ids = list(data.get("objects") or [])
            if visible.filter(pk__in=ids).count() != len(set(ids)):
                raise exceptions.ValidationError(
                    {"objects": ["Some ids in objects don't exist or were specified twice."]}
                )
        objects = list(model._default_manager.filter(pk__in=ids))
        operation = data["operation"]
        action = "change" if operation == "set_permissions" else "delete"
        if not is_superuser(user):
            allowed = has_model_perm(user, model, action)
            if operation == "set_permissions":
                allowed = (
                    allowed
                    and not model._default_manager.filter(pk__in=ids)
                    .exclude(queries.change_filter(model, user))
                    .exists()
                )
            else:
                allowed = allowed and all(obj.owner_id in (None, user.pk) for obj in objects)
            if not allowed:
                return forbidden()
        with transaction.atomic():
            if operation == "delete":
                for obj in objects:
                    delete_object(obj)
            else:
                self._share(objects, data)
        return Response({"result": "OK"})

    @staticmethod
    def _share(objects: list[Any], data: dict[str, Any]) -> None:
        merge = data.get("merge", False)
        if "owner" in data and (not merge or data["owner"] is not None):
            from paperkeep.documents.actions.permissions import set_owner

            targets = [obj for obj in objects if obj.owner_id is None] if merge else objects
            set_owner(targets, data["owner"])
        requested = data.get("permissions")
        if requested is None:
            return
        if merge:
            set_permissions(objects, bulk.requested_grants(requested, None), merge=True)
            return
        from paperkeep.documents.actions.permissions import current_grants

        for obj in objects:
            set_permissions([obj], bulk.requested_grants(requested, current_grants(obj)))
