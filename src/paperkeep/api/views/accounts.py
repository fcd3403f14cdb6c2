"""`/api/users/` and `/api/groups/`: accounts and their permissions, with Paperless-ngx's superuser rules.

Permissions are named by codename (`view_document`), as Paperless-ngx's UI sends and expects them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import HttpResponseNotFound
from django_filters import rest_framework as filters
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api import accounts_compat
from paperkeep.api.pagination import StandardPagination
from paperkeep.api.permissions import ModelPermissions, forbidden, is_superuser
from paperkeep.documents.search.people import reindex_for_group, reindex_for_user

OBFUSCATED = "**********"
HIDDEN_USERNAMES = ("consumer", "AnonymousUser")


def _permissions() -> QuerySet[Permission]:
    return Permission.objects.exclude(content_type__app_label="admin")


class PasswordField(serializers.CharField):
    """Write-only in effect: reads as asterisks; writing only asterisks keeps the password."""

    def to_representation(self, value: Any) -> str:
        return OBFUSCATED


def _real_password(value: str | None) -> bool:
    return bool(value) and value.replace("*", "") != ""  # type: ignore[union-attr]


class UserSerializer(serializers.ModelSerializer[User]):
    password = PasswordField(required=False, allow_blank=True)
    user_permissions = serializers.SlugRelatedField(
        many=True, queryset=_permissions(), slug_field="codename", required=False
    )
    inherited_permissions = serializers.SerializerMethodField()
    is_mfa_enabled = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = (
            "id", "username", "email", "password", "first_name", "last_name", "date_joined", "is_staff",
            "is_active", "is_superuser", "groups", "user_permissions", "inherited_permissions", "is_mfa_enabled",
        )  # fmt: skip

    def get_inherited_permissions(self, user: User) -> list[str]:
        return sorted(user.get_group_permissions())

    def get_is_mfa_enabled(self, user: User) -> bool:
        return accounts_compat.is_mfa_enabled(user)

    def validate_password(self, value: str) -> str:
        if _real_password(value):
            validate_password(value, self.instance)
        return value

    def create(self, validated: dict[str, Any]) -> User:
        groups = validated.pop("groups", [])
        permissions = validated.pop("user_permissions", [])
        password = validated.pop("password", None)
        with transaction.atomic():
            user = User.objects.create(**validated)
            user.groups.set(groups)
            user.user_permissions.set(permissions)
            if _real_password(password):
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        return user

    def update(self, user: User, validated: dict[str, Any]) -> User:
        password = validated.pop("password", None)
        with transaction.atomic():
            if validated.get("username", user.username) != user.username:
                reindex_for_user(user.pk)  # the index holds owner and note author names
            user = super().update(user, validated)
            if _real_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
        return user


class GroupSerializer(serializers.ModelSerializer[Group]):
    permissions = serializers.SlugRelatedField(many=True, queryset=_permissions(), slug_field="codename")

    class Meta:
        model = Group
        fields = ("id", "name", "permissions")


class UserFilterSet(filters.FilterSet):
    class Meta:
        model = User
        fields = {"username": ["istartswith", "iendswith", "icontains", "iexact"]}


class UserViewSet(viewsets.ModelViewSet[User]):
    """Users (without the internal `consumer`); only superusers grant superuser or staff, or touch superusers."""

    serializer_class = UserSerializer
    permission_classes = (IsAuthenticated, ModelPermissions)
    permission_model = User
    pagination_class = StandardPagination
    filter_backends = (filters.DjangoFilterBackend, OrderingFilter)
    filterset_class = UserFilterSet
    ordering_fields = ("username",)

    def get_queryset(self) -> QuerySet[User]:
        users = User.objects.exclude(username__in=HIDDEN_USERNAMES).order_by(Lower("username"))
        return users.prefetch_related("groups", "user_permissions")

    @staticmethod
    def _requested(data: Any, key: str) -> bool | None:
        """The boolean the request asks for under `key`, or None when absent or not a boolean (left to validation)."""
        if not hasattr(data, "get") or key not in data:
            return None
        try:
            value: bool = serializers.BooleanField().to_internal_value(data.get(key))
        except exceptions.ValidationError:
            return None
        return value

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        """Only a superuser may create a superuser or a staff user (Paperless-ngx's plain-text 403s)."""
        if not is_superuser(request.user):
            if self._requested(request.data, "is_superuser") is True:
                return forbidden("Superuser status can only be granted by a superuser")
            if self._requested(request.data, "is_staff") is True:
                return forbidden("Staff status can only be granted by a superuser")
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        """Only a superuser may change a superuser, or change anyone's superuser or staff status; sending the
        status a user already has is no change (so a client may PUT back what it read)."""
        target = self.get_object()
        if not is_superuser(request.user):
            if target.is_superuser:
                return forbidden("Superusers can only be modified by other superusers")
            wanted = self._requested(request.data, "is_superuser")
            if wanted is not None and wanted != target.is_superuser:
                return forbidden("Superuser status can only be changed by a superuser")
            wanted = self._requested(request.data, "is_staff")
            if wanted is not None and wanted != target.is_staff:
                return forbidden("Staff status can only be changed by a superuser")
        return super().update(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        target = self.get_object()
        if not is_superuser(request.user) and target.is_superuser:
            return forbidden("Superusers can only be deleted by other superusers")
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: User) -> None:
        with transaction.atomic():
            reindex_for_user(instance.pk)  # their documents lose the owner and grants in the index too
            instance.delete()

    @action(detail=True, methods=["post"])
    def deactivate_totp(self, request: Request, pk: str | None = None) -> Any:
        """Remove a user's TOTP (the user themself, or a superuser)."""
        user = self.get_object()
        if not is_superuser(request.user) and request.user.pk != user.pk:
            return forbidden("You do not have permission to deactivate TOTP for this user")
        if not accounts_compat.deactivate_totp(request._request, user):
            return HttpResponseNotFound("TOTP not found")
        return Response(True)


class GroupViewSet(viewsets.ModelViewSet[Group]):
    serializer_class = GroupSerializer
    permission_classes = (IsAuthenticated, ModelPermissions)
    permission_model = Group
    pagination_class = StandardPagination
    filter_backends = (filters.DjangoFilterBackend, OrderingFilter)
    filterset_fields = {"name": ["istartswith", "iendswith", "icontains", "iexact"]}
    ordering_fields = ("name",)

    def get_queryset(self) -> QuerySet[Group]:
        return Group.objects.order_by(Lower("name")).prefetch_related("permissions")

    def perform_destroy(self, instance: Group) -> None:
        with transaction.atomic():
            reindex_for_group(instance.pk)  # the index holds the groups granted view
            instance.delete()
