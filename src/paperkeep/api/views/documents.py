"""`/api/documents/`: list (filters, ordering, search hook, selection data), detail, edit, delete to trash."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api import count_cache, search_hook
from paperkeep.api.compiled import page_query
from paperkeep.api.errors import to_api_exception
from paperkeep.api.filters.documents import DocumentFilterSet
from paperkeep.api.filters.ordering import order_documents
from paperkeep.api.grants import grants_for
from paperkeep.api.pagination import StandardPagination
from paperkeep.api.params import field_list, flag
from paperkeep.api.permissions import ModelPermissions, is_superuser
from paperkeep.api.search.listing import ranked_search
from paperkeep.api.selection import selection_data
from paperkeep.api.serializers.document_write import DocumentWriteSerializer
from paperkeep.api.serializers.documents import (
    TRUNCATE_AT,
    DocumentPage,
    RenderOptions,
    with_correspondent_name,
    with_version_flag,
)
from paperkeep.api.views.document_extras import DocumentExtrasMixin
from paperkeep.api.views.document_files import DocumentFilesMixin
from paperkeep.documents import queries
from paperkeep.documents.actions.documents import trash_documents
from paperkeep.documents.actions.editing import DocumentEdit, edit_document
from paperkeep.documents.actions.permissions import set_owner, set_permissions
from paperkeep.documents.errors import DocumentsError, NotFound
from paperkeep.documents.models import Document, Tag

_FIELD_ERRORS = {"asn": "archive_serial_number"}
_COLUMNS = {
    "title": "title",
    "content": "content",
    "correspondent": "correspondent_id",
    "document_type": "document_type_id",
    "storage_path": "storage_path_id",
    "archive_serial_number": "archive_serial_number",
}


_DOCUMENT_PAGES = page_query()


def visibility_key(user: Any) -> tuple[Any, ...]:
    """Everything `queries.visibility_filter` reads of the user: the key under which a page query that checks
    visibility is reused (group ids are read again on every request)."""
    authenticated = user is not None and user.is_authenticated
    superuser = bool(getattr(user, "is_superuser", False) and user.is_active)
    return (type(user), user.pk if authenticated else None, superuser, queries.group_ids(user) if authenticated else ())


class DocumentViewSet(DocumentFilesMixin, DocumentExtrasMixin, viewsets.GenericViewSet[Document]):  # type: ignore[misc]
    """Documents as Paperless-ngx serves them; everything the requester may not view is 404."""

    permission_classes = (IsAuthenticated, ModelPermissions)
    pagination_class = StandardPagination
    filter_backends = (DjangoFilterBackend,)
    filterset_class = DocumentFilterSet
    queryset = Document.objects.none()
    lookup_value_regex = r"[^/.]+"

    @property
    def permission_model(self) -> type[Document] | None:
        # Notes have their own global permissions, checked in the action (Paperless's PaperlessNotePermissions).
        return None if getattr(self, "action", None) == "notes" else Document

    def get_queryset(self) -> QuerySet[Document]:
        return queries.visible_documents(self.request.user)

    def render_options(self, *, detail: bool = False, full_perms: bool | None = None) -> RenderOptions:
        params = self.request.query_params
        return RenderOptions(
            user=self.request.user,
            fields=field_list(params),
            truncate=flag(params, "truncate_content"),
            full_perms=flag(params, "full_perms") if full_perms is None else full_perms,
            detail=detail,
        )

    @staticmethod
    def shaped(documents: QuerySet[Document], options: RenderOptions) -> QuerySet[Document]:
        """Load only what the page will show: no full text when it is truncated, the correspondent for file names."""
        if options.truncate and options.wants("content"):
            documents = documents.defer("content").annotate(content_head=Substr("content", 1, TRUNCATE_AT))
        elif not options.wants("content"):
            documents = documents.defer("content")
        if options.wants("archived_file_name"):
            documents = with_correspondent_name(documents)
        if options.wants("versions") or options.wants("content"):
            documents = with_version_flag(documents)
        return documents

    def load_page(self, ids: Sequence[int], options: RenderOptions, *, check_visibility: bool) -> list[Document]:
        """Return the documents `ids`, in that order, shaped for `options` (only those the requester may view,
        with `check_visibility`); the page's SQL is compiled once per requester, shape and page size."""
        user = self.request.user
        shape = tuple(options.wants(name) for name in ("content", "archived_file_name", "versions"))
        key: tuple[Any, ...]
        key = ("visible" if check_visibility else "listed", options.truncate, shape)
        if check_visibility:
            key += visibility_key(user)

        def build(page: Sequence[int]) -> QuerySet[Document]:  # only when this key's SQL is not stored yet
            base = queries.visible_documents(user) if check_visibility else Document.objects.all()
            return self.shaped(base.filter(pk__in=page).order_by(), options)

        found = {doc.pk: doc for doc in _DOCUMENT_PAGES.objects(key, ids, build)}
        return [found[pk] for pk in ids if pk in found]

    def render(self, documents: Sequence[Document], options: RenderOptions) -> list[dict[str, Any]]:
        page = DocumentPage.load(documents, options)
        return [page.render(document) for document in documents]

    def root_document(self, pk: Any) -> Document:
        """Return the root document `pk` the requester may view (a version id, like a hidden one, is 404)."""
        document = queries.access_document(self.request.user, pk)
        if document.root_document_id is not None:
            raise NotFound()
        return document

    # --- list -------------------------------------------------------------------------------------------------
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        kinds = [name for name in search_hook.SEARCH_PARAMS if params.get(name)]
        if len(kinds) > 1:
            raise exceptions.ValidationError(
                {"detail": "Specify only one of text, title_search, query, or more_like_id."}
            )

        @functools.cache
        def filtered() -> QuerySet[Document]:
            return self.filter_queryset(self.get_queryset())

        options = self.render_options()
        if kinds:
            # Refuse invalid filter values first; the filtered queryset itself is built only if the index
            # cannot apply every filter (or for selection data).
            self.filter_queryset(Document.objects.none())
            response = self._search(kinds[0], str(params[kinds[0]]), filtered, options)
        else:
            ordered = order_documents(filtered(), params.get("ordering"))
            paginator: Any = self.paginator
            paginator.django_paginator_class = count_cache.paginator_class(count_cache.count_key(request.user, params))
            # Page through ids only, then load the page's rows: a deep page (OFFSET 5000) then skips bare ids
            # instead of computing every column (text excerpts, flags) of the rows it skips.
            page_ids = list(self.paginate_queryset(ordered.values_list("pk", flat=True)) or [])
            page = self.load_page(page_ids, options, check_visibility=False)
            response = self.get_paginated_response(self.render(page, options))
        if flag(params, "include_selection_data"):
            key = count_cache.key_for("selection", request.user, params)
            response.data["selection_data"] = selection_data(filtered(), request.user, cache_key=key)
        return response

    def _search(
        self, kind: str, value: str, filtered: Callable[[], QuerySet[Document]], options: RenderOptions
    ) -> Response:
        if kind == "more_like_id":
            queries.access_document(self.request.user, value)
        result = ranked_search(self.request, kind, value, filtered)  # filtered, ordered and paged by the index
        page: Any = self.paginate_queryset(result.ids)  # type: ignore[arg-type]
        page_ids: list[int] = list(page or [])
        # The ids passed every filter (in the index, or the database kept them); the database checks again
        # that the requester may view each one, without repeating the filters.
        documents = self.load_page(page_ids, options, check_visibility=True)
        rows = self.render(documents, options)
        for row, document in zip(rows, documents, strict=True):
            row["__search_hit__"] = dict(result.hits.get(document.pk, {}))
        response = self.get_paginated_response(rows)
        response.data["corrected_query"] = result.corrected_query
        return response

    # --- detail -----------------------------------------------------------------------------------------------
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.render_one(self.root_document(pk).pk, self.render_options(detail=True)))

    def render_one(self, pk: int, options: RenderOptions) -> dict[str, Any]:
        document = self.shaped(Document.global_objects.filter(pk=pk), options).get()
        return self.render([document], options)[0]

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        document = self.root_document(pk)
        user = request.user
        if not queries.can_change(user, document):
            raise exceptions.PermissionDenied()
        serializer = DocumentWriteSerializer(data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        requested = values.pop("set_permissions", None)
        owner_given = "owner" in values
        owner = values.pop("owner", None)
        owner_id = owner.pk if owner is not None else None
        shares = obj_shares(document, user)
        if (requested is not None or (owner_given and owner_id != document.owner_id)) and not shares:
            raise exceptions.PermissionDenied("Insufficient permissions.")
        edit = self._edit(document, values)
        try:
            with transaction.atomic():
                if requested is not None:
                    set_permissions([document], grants_for(document, requested))
                if owner_given and owner_id != document.owner_id:
                    set_owner([document], owner_id)
                edit_document(document, edit)
        except DocumentsError as exc:
            exc.field = _FIELD_ERRORS.get(exc.field or "", exc.field)
            raise to_api_exception(exc) from exc
        return Response(self.render_one(document.pk, self.render_options(detail=True, full_perms=True)))

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    def _edit(self, document: Document, values: dict[str, Any]) -> DocumentEdit:
        fields = {column: values[name] for name, column in _COLUMNS.items() if name in values}
        created = values.get("created", values.get("created_date"))
        if created is not None:
            fields["created"] = created
        tag_ids = frozenset(values["tags"]) if "tags" in values else None
        hidden_tags: frozenset[int] = frozenset()
        if tag_ids is not None and not is_superuser(self.request.user):
            current = set(document.tags.values_list("pk", flat=True))
            visible = set(queries.visible(Tag, self.request.user).filter(pk__in=current).values_list("pk", flat=True))
            hidden_tags = frozenset(current - visible)
        custom = None
        if "custom_fields" in values:
            custom = {row["field"]: row.get("value") for row in values["custom_fields"]}
        return DocumentEdit(
            fields=fields,
            tag_ids=tag_ids,
            custom_fields=custom,
            remove_inbox_tags=bool(values.get("remove_inbox_tags")),
            preserve_tag_ids=hidden_tags,
        )

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        document = self.root_document(pk)
        if not obj_shares(document, request.user):
            raise exceptions.PermissionDenied()
        trash_documents([document])
        return Response(status=status.HTTP_204_NO_CONTENT)


def obj_shares(document: Document, user: Any) -> bool:
    """Owner, unowned or superuser: who may delete a document or change its owner and grants."""
    return document.owner_id is None or document.owner_id == user.pk or is_superuser(user)
