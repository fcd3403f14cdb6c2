"""`/api/correspondents/`, `/api/tags/`, `/api/document_types/`, `/api/storage_paths/` (+ `test/`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Lower
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api import counts
from paperkeep.api.filters.objects import (
    CorrespondentFilterSet,
    DocumentTypeFilterSet,
    StoragePathFilterSet,
    TagFilterSet,
)
from paperkeep.api.grants import PagePermissions
from paperkeep.api.serializers.matching import (
    MatchingWriteSerializer,
    StoragePathWriteSerializer,
    TagWriteSerializer,
    represent,
    represent_tag,
)
from paperkeep.api.versioning import api_version
from paperkeep.api.views.owned import OwnedObjectViewSet
from paperkeep.documents import queries
from paperkeep.documents.actions import objects as object_actions
from paperkeep.documents.actions.tag_tree import adopt_parent_on_documents
from paperkeep.documents.errors import NotFound
from paperkeep.documents.models import Correspondent, DocumentType, StoragePath, Tag
from paperkeep.documents.storage.context import filename_context
from paperkeep.documents.storage.naming import render_template

MATCHING_ORDERING: tuple[str, ...] = ("name", "matching_algorithm", "match", "document_count")


def _uncounted_unless(rows: list[dict[str, Any]], counted: bool) -> list[dict[str, Any]]:
    if not counted:
        for row in rows:
            row.pop("document_count", None)
    return rows


class MatchingObjectViewSet(OwnedObjectViewSet):
    """A matching model's endpoints; `document_count` counts only documents the requester can view."""

    write_serializer = MatchingWriteSerializer
    ordering_fields: tuple[str, ...] = MATCHING_ORDERING
    # False for the global search, which (as Paperless-ngx's) gives the found objects no `document_count`.
    count_top_level = True

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset().order_by(Lower("name"))
        ordering = self.request.query_params.get("ordering", "")
        if "document_count" in ordering:
            queryset = queryset.annotate(document_count=counts.count_annotation(self.model, self.request.user))
        return queryset

    def represent(self, objects: Sequence[Any], *, detail: bool = False) -> list[dict[str, Any]]:
        perms = PagePermissions.load(self.model, objects, self.request.user, full=self.full_perms())
        found = {}
        if self.count_top_level:
            found = counts.document_counts(self.model, [obj.pk for obj in objects], self.request.user)
        full = self.full_perms()
        return _uncounted_unless([represent(obj, found, perms, full) for obj in objects], self.count_top_level)

    def create_object(self, values: dict[str, Any], owner_id: int | None) -> Any:
        model: Any = self.model
        return object_actions.create_object(model, owner_id=owner_id, **values)

    def update_object(self, obj: Any, values: dict[str, Any]) -> Any:
        return object_actions.update_object(obj, **values) if values else obj

    def delete_object(self, obj: Any) -> None:
        object_actions.delete_object(obj)


class CorrespondentViewSet(MatchingObjectViewSet):
    model = Correspondent
    queryset = Correspondent.objects.none()
    filterset_class = CorrespondentFilterSet
    ordering_fields = (*MATCHING_ORDERING, "last_correspondence")

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if "last_correspondence" in self.request.query_params.get("ordering", ""):
            queryset = queryset.annotate(last_correspondence=counts.last_correspondence_annotation(self.request.user))
        return queryset

    def represent(self, objects: Sequence[Any], *, detail: bool = False) -> list[dict[str, Any]]:
        if detail or self.request.query_params.get("last_correspondence"):
            last = counts.last_correspondence([obj.pk for obj in objects], self.request.user)
            for obj in objects:
                obj.last_correspondence = last.get(obj.pk)
        return super().represent(objects, detail=detail)


class DocumentTypeViewSet(MatchingObjectViewSet):
    model = DocumentType
    queryset = DocumentType.objects.none()
    filterset_class = DocumentTypeFilterSet


class StoragePathTestSerializer(serializers.Serializer[dict[str, Any]]):
    path = serializers.CharField()
    document = serializers.IntegerField()


class StoragePathViewSet(MatchingObjectViewSet):
    model = StoragePath
    queryset = StoragePath.objects.none()
    write_serializer = StoragePathWriteSerializer
    filterset_class = StoragePathFilterSet
    ordering_fields = (*MATCHING_ORDERING, "path")

    @property
    def permission_model(self) -> Any:
        return None if self.action == "test" else StoragePath

    @action(methods=["post"], detail=False, permission_classes=[IsAuthenticated])
    def test(self, request: Request) -> Response:
        """Render a storage path template for one of the requester's documents."""
        serializer = StoragePathTestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            document = queries.access_document(request.user, serializer.validated_data["document"])
        except NotFound:
            raise exceptions.ValidationError(
                {"document": [f'Invalid pk "{serializer.validated_data["document"]}" - object does not exist.']}
            ) from None
        rendered = render_template(serializer.validated_data["path"], filename_context(document))
        if rendered:
            extension = PurePosixPath(document.filename or "").suffix or (
                f".{document.file_type}" if document.file_type else ""
            )
            rendered = f"{rendered}{extension}"
        return Response(rendered)


def descendant_ids(children: dict[int | None, list[Tag]], listed: set[int]) -> list[int]:
    """Return the visible descendants of the listed tags that the list itself does not hold."""
    extra: list[int] = []
    stack = [child for pk in listed for child in children.get(pk, [])]
    while stack:
        tag = stack.pop()
        if tag.pk in listed or tag.pk in extra:
            continue
        extra.append(tag.pk)
        stack.extend(children.get(tag.pk, []))
    return extra


class TagViewSet(MatchingObjectViewSet):
    model = Tag
    queryset = Tag.objects.none()
    write_serializer = TagWriteSerializer
    filterset_class = TagFilterSet
    ordering_fields = (*MATCHING_ORDERING, "color")

    def _tree(self) -> dict[int | None, list[Tag]]:
        if not hasattr(self, "_children"):
            children: dict[int | None, list[Tag]] = {}
            for tag in queries.visible(Tag, self.request.user).order_by(Lower("name")):
                children.setdefault(tag.parent_id, []).append(tag)
            self._children = children
        return self._children

    def _descendants(self, objects: Sequence[Tag]) -> list[Tag]:
        children = self._tree()
        found: list[Tag] = []
        stack = [child for tag in objects for child in children.get(tag.pk, [])]
        seen: set[int] = set()
        while stack:
            tag = stack.pop()
            if tag.pk in seen:
                continue
            seen.add(tag.pk)
            found.append(tag)
            stack.extend(children.get(tag.pk, []))
        return found

    def represent(self, objects: Sequence[Any], *, detail: bool = False) -> list[dict[str, Any]]:
        descendants = self._descendants(objects)
        every = [*objects, *descendants]
        perms = PagePermissions.load(Tag, every, self.request.user, full=self.full_perms())
        counted = every if self.count_top_level else descendants  # nested children always carry their count
        found = counts.document_counts(Tag, {tag.pk for tag in counted}, self.request.user) if counted else {}
        full = self.full_perms()
        children = self._tree()
        rows = [represent_tag(tag, found, perms, full, children) for tag in objects]
        return _uncounted_unless(rows, self.count_top_level)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().list(request, *args, **kwargs)
        if isinstance(response.data, dict):
            # Paperless-ngx counts the tags the filters match plus their descendants (what the tree displays).
            matched = set(self.filter_queryset(self.get_queryset()).values_list("pk", flat=True))
            response.data["display_count"] = len(matched) + len(descendant_ids(self._tree(), matched))
            if "all" in response.data and api_version(request) < 10:
                listed = set(response.data["all"])
                response.data["all"] = [*response.data["all"], *descendant_ids(self._tree(), listed)]
        return response

    def _parent(self, values: dict[str, Any]) -> dict[str, Any]:
        if "parent" in values:
            parent = values.pop("parent")
            if parent is not None and not queries.visible(Tag, self.request.user).filter(pk=parent).exists():
                raise exceptions.ValidationError({"parent": [f'Invalid pk "{parent}" - object does not exist.']})
            values["parent_id"] = parent
        return values

    def create_object(self, values: dict[str, Any], owner_id: int | None) -> Any:
        return super().create_object(self._parent(values), owner_id)

    def update_object(self, obj: Any, values: dict[str, Any]) -> Any:
        values = self._parent(values)
        old_parent = obj.parent_id
        tag = super().update_object(obj, values)
        if tag.parent_id is not None and tag.parent_id != old_parent:
            adopt_parent_on_documents(tag)
        return tag
