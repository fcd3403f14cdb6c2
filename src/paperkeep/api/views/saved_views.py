"""`/api/saved_views/`: saved document filters; v9 clients also see and set dashboard/sidebar visibility."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.filters import OrderingFilter

from paperkeep.api.grants import PagePermissions
from paperkeep.api.serializers.owned import OwnedWriteSerializer
from paperkeep.api.versioning import api_version
from paperkeep.api.views.owned import OwnedObjectViewSet
from paperkeep.documents.actions import saved_views as actions
from paperkeep.documents.models import CustomField, SavedView, UiSettings

DISPLAY_FIELDS = frozenset(
    {"title", "created", "added", "tag", "correspondent", "documenttype", "storagepath", "note", "owner", "shared",
     "asn", "pagecount"}
)  # fmt: skip
_CUSTOM_FIELD = re.compile(r"^custom_field_(\d+)$")
RULE_TYPES = tuple(range(50))


class FilterRuleSerializer(serializers.Serializer[dict[str, Any]]):
    rule_type = serializers.ChoiceField(choices=RULE_TYPES)  # Paperless-ngx's rule types are 0 to 49
    value = serializers.CharField(max_length=255, allow_null=True, allow_blank=True, required=False)


class SavedViewWriteSerializer(OwnedWriteSerializer):
    name = serializers.CharField(max_length=128)
    sort_field = serializers.CharField(max_length=128, allow_null=True, allow_blank=True, required=False)
    sort_reverse = serializers.BooleanField(required=False)
    filter_rules = FilterRuleSerializer(many=True)
    page_size = serializers.IntegerField(min_value=1, allow_null=True, required=False)
    display_mode = serializers.ChoiceField(choices=SavedView.DisplayMode.choices, allow_null=True, required=False)
    display_fields = serializers.ListField(child=serializers.CharField(), allow_null=True, required=False)
    show_on_dashboard = serializers.BooleanField(required=False)
    show_in_sidebar = serializers.BooleanField(required=False)

    def validate_display_fields(self, fields: list[str] | None) -> list[str] | None:
        if not fields:
            return None
        for name in fields:
            match = _CUSTOM_FIELD.match(name)
            if match and CustomField.objects.filter(pk=int(match[1])).exists():
                continue
            if name not in DISPLAY_FIELDS:
                raise serializers.ValidationError(f"Invalid field: {name}")
        return fields


class SavedViewViewSet(OwnedObjectViewSet):
    model = SavedView
    queryset = SavedView.objects.none()
    write_serializer = SavedViewWriteSerializer
    filter_backends: tuple[Any, ...] = (OrderingFilter,)
    ordering_fields = ("name",)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("name").prefetch_related("filter_rules")

    def check_unique(self, values: dict[str, Any], owner_id: int | None, instance: Any) -> None:
        """Saved view names need not be unique."""

    def represent(self, objects: Sequence[Any], *, detail: bool = False) -> list[dict[str, Any]]:
        perms = PagePermissions.load(SavedView, objects, self.request.user, full=self.full_perms())
        legacy = api_version(self.request) < 10
        visible = self._visibility() if legacy else ({}, {})
        rows = []
        for view in objects:
            row: dict[str, Any] = {
                "id": view.pk,
                "name": view.name,
                "sort_field": view.sort_field,
                "sort_reverse": view.sort_reverse,
                "filter_rules": [{"rule_type": r.rule_type, "value": r.value} for r in view.filter_rules.all()],
                "page_size": view.page_size,
                "display_mode": view.display_mode,
                "display_fields": view.display_fields,
                "owner": view.owner_id,
            }
            row.update(perms.fields(view, full_perms=self.full_perms()))
            if legacy:
                row["show_on_dashboard"] = view.pk in visible[0]
                row["show_in_sidebar"] = view.pk in visible[1]
            rows.append(row)
        return rows

    def _visibility(self) -> tuple[set[int], set[int]]:
        user: Any = self.request.user
        ui = UiSettings.objects.filter(user_id=user.pk).first()
        views = ((ui.settings or {}) if ui else {}).get("saved_views") or {}
        if not isinstance(views, dict):
            return set(), set()
        return set(views.get("dashboard_views_visible_ids", [])), set(views.get("sidebar_views_visible_ids", []))

    def _legacy(self, view: SavedView, values: dict[str, Any]) -> None:
        dashboard = values.pop("show_on_dashboard", None)
        sidebar = values.pop("show_in_sidebar", None)
        if api_version(self.request) < 10:
            actions.set_view_visibility(self.request.user, view.pk, dashboard=dashboard, sidebar=sidebar)

    def create_object(self, values: dict[str, Any], owner_id: int | None) -> Any:
        rules = values.pop("filter_rules")
        legacy = {k: values.pop(k) for k in ("show_on_dashboard", "show_in_sidebar") if k in values}
        view = actions.create_saved_view(owner_id, rules, **values)
        self._legacy(view, legacy)
        return view

    def update_object(self, obj: Any, values: dict[str, Any]) -> Any:
        rules = values.pop("filter_rules", None)
        legacy = {k: values.pop(k) for k in ("show_on_dashboard", "show_in_sidebar") if k in values}
        view = actions.update_saved_view(obj, rules, **values)
        self._legacy(view, legacy)
        return view

    def delete_object(self, obj: Any) -> None:
        actions.delete_saved_view(obj)
