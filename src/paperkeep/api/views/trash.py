"""`/api/trash/`: list the requester's trashed documents; restore them or delete them for good."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api.pagination import StandardPagination
from paperkeep.api.params import flag
from paperkeep.api.permissions import forbidden, has_model_perm
from paperkeep.api.serializers.documents import DocumentPage, RenderOptions, with_version_flag
from paperkeep.documents import queries
from paperkeep.documents.actions.documents import delete_documents, restore_documents
from paperkeep.documents.models import Document


class TrashActionSerializer(serializers.Serializer[dict[str, Any]]):
    documents = serializers.ListField(child=serializers.IntegerField(), required=False)
    action = serializers.ChoiceField(choices=["restore", "empty"])


class TrashView(GenericAPIView[Document]):
    """Documents in the trash the requester owns (or that have no owner): grants do not count here."""

    permission_classes = (IsAuthenticated,)
    pagination_class = StandardPagination
    queryset = Document.objects.none()

    def get(self, request: Request) -> Response:
        # Paperless-ngx lists the trash in the documents' default order (newest created first).
        trashed = with_version_flag(queries.trashed_documents(request.user).order_by("-created", "-id"))
        page = list(self.paginate_queryset(trashed) or [])
        options = RenderOptions(user=request.user, full_perms=flag(request.query_params, "full_perms"))
        loaded = DocumentPage.load(page, options)
        return self.get_paginated_response([loaded.render(document) for document in page])

    def post(self, request: Request) -> Any:
        serializer = TrashActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data.get("documents")
        trashed = queries.trashed_documents(request.user)
        if ids is not None:
            if trashed.filter(pk__in=ids).count() != len(set(ids)):
                raise exceptions.ValidationError(
                    {"documents": ["Some documents in the list have not yet been deleted."]}
                )
            trashed = trashed.filter(pk__in=ids)
        if not has_model_perm(request.user, Document, "delete"):
            return forbidden()
        documents = list(trashed)
        if serializer.validated_data["action"] == "restore":
            restore_documents(documents)
        else:
            delete_documents(documents)
        return Response({"result": "OK", "doc_ids": ids if ids is not None else [doc.pk for doc in documents]})
