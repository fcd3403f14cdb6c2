"""`GET /api/search/autocomplete/?term=&limit=` and the global `GET /api/search/?query=[&db_only=true]`.

Both answer only from what the requester may view: autocomplete words come from visible documents only
(looked up under the user's own access keys in the index), and every object list of the global search is
permission-checked and capped at three entries, as in Paperless-ngx.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import Group, User
from django.db.models import Model, QuerySet
from django.http import HttpResponseBadRequest
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep.api import counts, search_hook
from paperkeep.api.params import flag
from paperkeep.api.permissions import has_model_perm, has_perm
from paperkeep.api.search.listing import MODES, user_errors
from paperkeep.api.serializers.documents import DocumentPage, RenderOptions
from paperkeep.api.views import custom_fields, documents, objects, saved_views
from paperkeep.api.views.accounts import GroupSerializer, UserSerializer
from paperkeep.documents import queries
from paperkeep.documents import search as documents_search
from paperkeep.documents.models import (
    Correspondent,
    CustomField,
    Document,
    DocumentType,
    SavedView,
    StoragePath,
    Tag,
)
from paperkeep.search import SearchRequest

OBJECT_LIMIT = 3
DEFAULT_LIMIT = 10


class AutocompleteView(APIView):
    """Words completing the last word of `term`, most frequent in the requester's visible documents first."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Any:
        if not has_model_perm(request.user, Document, "view"):
            raise exceptions.PermissionDenied()
        if "term" not in request.query_params:
            return HttpResponseBadRequest("Term required")
        try:
            limit = int(request.query_params.get("limit", DEFAULT_LIMIT))
        except ValueError:
            return HttpResponseBadRequest("Invalid limit")
        if limit <= 0:
            return HttpResponseBadRequest("Invalid limit")
        with user_errors():
            words = documents_search.autocomplete(request.user, request.query_params["term"].strip(), limit)
        return Response(words)


def _viewset(cls: type[Any], request: Request) -> Any:
    """An object list view bound to this request, to represent objects exactly as its own list does."""
    return cls(request=request, format_kwarg=None, args=(), kwargs={}, action="list")


class GlobalSearchView(APIView):
    """Up to three of each kind of object whose name (or, for documents, text) matches the query."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Any:
        query = request.query_params.get("query")
        if query is None:
            return HttpResponseBadRequest("Query required")
        if len(query) < 3:
            return HttpResponseBadRequest("Query must be at least 3 characters")
        user = request.user
        found: dict[str, list[dict[str, Any]]] = {
            "documents": self._documents(request, query),
            "saved_views": self._owned(request, SavedView, saved_views.SavedViewViewSet, query),
            "tags": self._owned(request, Tag, objects.TagViewSet, query),
            "correspondents": self._owned(request, Correspondent, objects.CorrespondentViewSet, query),
            "document_types": self._owned(request, DocumentType, objects.DocumentTypeViewSet, query),
            "storage_paths": self._owned(request, StoragePath, objects.StoragePathViewSet, query),
            "users": self._serialized(request, User, UserSerializer, "username", query),
            "groups": self._serialized(request, Group, GroupSerializer, "name", query),
            "mail_rules": [],  # Paperkeep has no mail rules or accounts objects yet
            "mail_accounts": [],
            "workflows": [],
            "custom_fields": self._custom_fields(user, query),
        }
        return Response({"total": sum(len(rows) for rows in found.values()), **found})

    def _documents(self, request: Request, query: str) -> list[dict[str, Any]]:
        user = request.user
        if not has_model_perm(user, Document, "view"):
            return []
        visible = queries.visible_documents(user)
        if flag(request.query_params, "db_only"):
            chosen = list(visible.filter(title__icontains=query).order_by("-created", "-id")[:OBJECT_LIMIT])
        else:
            viewer = documents_search.viewer_for(user)
            with user_errors():
                page = documents_search.fresh_index().search(
                    SearchRequest(viewer, query, mode="text", page_size=OBJECT_LIMIT * 3, highlight=False)
                )
            by_id = visible.in_bulk(page.ids)
            chosen = [by_id[doc_id] for doc_id in page.ids if doc_id in by_id][:OBJECT_LIMIT]
        options = RenderOptions(user=user)
        shaped = documents.DocumentViewSet.shaped(Document.objects.filter(pk__in=[d.pk for d in chosen]), options)
        loaded = {document.pk: document for document in shaped}
        rows = [loaded[d.pk] for d in chosen if d.pk in loaded]
        page_data = DocumentPage.load(rows, options)
        return [page_data.render(document) for document in rows]

    def _owned(self, request: Request, model: type[Any], view: type[Any], query: str) -> list[dict[str, Any]]:
        if not has_model_perm(request.user, model, "view"):
            return []
        matching = queries.visible(model, request.user).filter(name__icontains=query)
        listed = list(matching.order_by("name")[:OBJECT_LIMIT])
        viewset = _viewset(view, request)
        viewset.count_top_level = False  # Paperless-ngx's global search gives found objects no document_count
        return list(viewset.represent(listed))

    def _serialized(
        self, request: Request, model: type[Model], serializer: type[Any], column: str, query: str
    ) -> list[dict[str, Any]]:
        if not has_model_perm(request.user, model, "view"):
            return []
        manager: Any = model._default_manager
        rows: Sequence[Any] = list(manager.filter(**{f"{column}__icontains": query}).order_by(column)[:OBJECT_LIMIT])
        return list(serializer(rows, many=True, context={"request": request}).data)

    def _custom_fields(self, user: Any, query: str) -> list[dict[str, Any]]:
        if not has_perm(user, "documents.view_customfield"):
            return []
        listed = list(CustomField.objects.filter(name__icontains=query).order_by("name")[:OBJECT_LIMIT])
        found = counts.document_counts(CustomField, [field.pk for field in listed], user)
        return [custom_fields.represent(field, found) for field in listed]


class IndexSearchBackend:
    """The `search_hook` backend: every hit id among a filtered queryset (bulk edit's `all` + `filters`)."""

    def search(self, user: Any, kind: str, value: str, documents: QuerySet[Document]) -> search_hook.SearchPage:
        with user_errors():
            if kind == "more_like_id":
                document = queries.access_document(user, value)
                found = documents_search.similar_documents(user, document.pk, documents)
            else:
                found = documents_search.search_documents(user, value, documents, mode=MODES[kind])
        return search_hook.SearchPage(ids=found.ids)
