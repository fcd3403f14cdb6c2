"""Saved views and the per-user UI settings JSON they share dashboard/sidebar visibility with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from paperkeep.documents.models import SavedView, SavedViewFilterRule, UiSettings

VIEW_FIELDS = frozenset({"name", "sort_field", "sort_reverse", "page_size", "display_mode", "display_fields"})


def _rules(view: SavedView, rules: Iterable[Mapping[str, Any]]) -> None:
    SavedViewFilterRule.objects.filter(saved_view=view).delete()
    SavedViewFilterRule.objects.bulk_create(
        SavedViewFilterRule(saved_view=view, rule_type=rule["rule_type"], value=rule.get("value")) for rule in rules
    )


def create_saved_view(owner_id: int | None, rules: Iterable[Mapping[str, Any]], **fields: Any) -> SavedView:
    """Create a saved view with its filter rules."""
    with transaction.atomic():
        view = SavedView.objects.create(owner_id=owner_id, **{k: v for k, v in fields.items() if k in VIEW_FIELDS})
        _rules(view, rules)
    return view


def update_saved_view(view: SavedView, rules: Iterable[Mapping[str, Any]] | None = None, **fields: Any) -> SavedView:
    """Change a saved view; `rules`, when given, replace all its rules."""
    with transaction.atomic():
        for name, value in fields.items():
            if name in VIEW_FIELDS:
                setattr(view, name, value)
        view.save()
        if rules is not None:
            _rules(view, rules)
    return view


def delete_saved_view(view: SavedView) -> None:
    view.delete()


def save_ui_settings(user: Any, settings: Mapping[str, Any] | None) -> UiSettings:
    """Replace a user's UI settings JSON (`update_checking.backend_setting` is the server's, never stored)."""
    data = dict(settings or {})
    checking = data.get("update_checking")
    if isinstance(checking, dict):
        data["update_checking"] = {k: v for k, v in checking.items() if k != "backend_setting"}
    ui, _created = UiSettings.objects.update_or_create(user=user, defaults={"settings": data})
    return ui


def set_view_visibility(user: Any, view_id: int, *, dashboard: bool | None, sidebar: bool | None) -> None:
    """Record (for API v9 clients) whether a saved view shows on the user's dashboard and sidebar."""
    if dashboard is None and sidebar is None:
        return
    ui, _created = UiSettings.objects.get_or_create(user=user, defaults={"settings": {}})
    data = dict(ui.settings or {})
    views = dict(data.get("saved_views") or {})
    for key, wanted in (("dashboard_views_visible_ids", dashboard), ("sidebar_views_visible_ids", sidebar)):
        if wanted is None:
            continue
        ids = {int(i) for i in views.get(key, []) if str(i).isdigit()}
        ids = ids | {view_id} if wanted else ids - {view_id}
        views[key] = sorted(ids)
    data["saved_views"] = views
    ui.settings = data
    ui.save(update_fields=["settings"])
