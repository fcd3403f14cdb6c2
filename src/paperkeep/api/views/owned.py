"""The shared shape of the owned-object endpoints: list, retrieve, create, update, delete.

Reads go through `documents.queries` (an object the user may not view is 404, like a missing one); writes go
through `documents.actions`. Subclasses say how an object is represented and how it is created and changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from paperkeep.api.grants import PagePermissions, grants_for
from paperkeep.api.pagination import StandardPagination
from paperkeep.api.params import flag
from paperkeep.api.permissions import ModelPermissions, is_superuser
from paperkeep.documents import queries
from paperkeep.documents.actions.permissions import set_owner, set_permissions
from paperkeep.documents.models import OwnedModel


class OwnedObjectViewSet(viewsets.GenericViewSet[Any]):
    """CRUD for an owned model with Paperless's permission fields and rules."""

    model: ClassVar[type[OwnedModel]]
    write_serializer: ClassVar[type[Serializer[Any]]]
    permission_classes = (IsAuthenticated, ModelPermissions)
    pagination_class = StandardPagination
    filter_backends: tuple[Any, ...] = (DjangoFilterBackend, OrderingFilter)
    ordering_fields: tuple[str, ...] = ()
    lookup_value_regex = r"[^/.]+"

    @property
    def permission_model(self) -> type[OwnedModel]:
        return self.model

    def get_queryset(self) -> QuerySet[Any]:
        return queries.visible(self.model, self.request.user)

    def full_perms(self) -> bool:
        return flag(self.request.query_params, "full_perms")

    def get_object(self) -> Any:
        return queries.access_object(self.model, self.request.user, self.kwargs.get("pk"))

    # --- what subclasses provide ------------------------------------------------------------------------------
    def represent(self, objects: Sequence[Any], *, detail: bool = False) -> list[dict[str, Any]]:
        perms = PagePermissions.load(self.model, objects, self.request.user, full=self.full_perms())
        return [self.represent_one(obj, perms) for obj in objects]

    def represent_one(self, obj: Any, perms: PagePermissions) -> dict[str, Any]:
        raise NotImplementedError

    def create_object(self, values: dict[str, Any], owner_id: int | None) -> Any:
        raise NotImplementedError

    def update_object(self, obj: Any, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def delete_object(self, obj: Any) -> None:
        raise NotImplementedError

    # --- endpoints --------------------------------------------------------------------------------------------
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = list(page if page is not None else queryset)
        data = self.represent(objects)
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return Response(self.represent([obj], detail=True)[0])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.write_serializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        requested = values.pop("set_permissions", None)
        owner = values.pop("owner", None)
        owner_id = owner.pk if owner is not None else None
        if "owner" not in request.data:
            owner_id = request.user.pk
        self.check_unique(values, owner_id, None)
        with transaction.atomic():
            obj = self.create_object(values, owner_id)
            if requested is not None:
                set_permissions([obj], grants_for(None, requested))
        return Response(self.represent([obj])[0], status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, partial: bool = False, **kwargs: Any) -> Response:
        obj = self.get_object()
        user = request.user
        if not queries.can_change(user, obj):
            raise exceptions.PermissionDenied()
        serializer = self.write_serializer(
            obj, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        requested = values.pop("set_permissions", None)
        owner_given = "owner" in values
        owner = values.pop("owner", None)
        owner_id = owner.pk if owner is not None else None
        if (requested is not None or (owner_given and owner_id != obj.owner_id)) and not self.may_share(obj):
            raise exceptions.PermissionDenied("Insufficient permissions.")
        self.check_unique(values, owner_id if owner_given else obj.owner_id, obj)
        with transaction.atomic():
            if requested is not None:
                set_permissions([obj], grants_for(obj, requested))
            if owner_given and owner_id != obj.owner_id:
                set_owner([obj], owner_id)
            obj = self.update_object(obj, values)
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.represent([obj])[0])

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        if not self.may_share(obj):
            raise exceptions.PermissionDenied()
        self.delete_object(obj)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- rules ------------------------------------------------------------------------------------------------
    def may_share(self, obj: OwnedModel) -> bool:
        """Owner, superuser, or an unowned object: only they may change owner and grants, or delete."""
        user = self.request.user
        return obj.owner_id is None or obj.owner_id == user.pk or is_superuser(user)

    def check_unique(self, values: dict[str, Any], owner_id: int | None, instance: Any) -> None:
        """Refuse a name already used by the same owner (Paperless's owner/name constraint)."""
        if "name" not in values:
            return
        manager: Any = self.model._default_manager
        clash = manager.filter(name=values["name"], owner_id=owner_id)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise exceptions.ValidationError({"error": ["Object violates owner / name unique constraint"]})
