"""Template helpers of the web pages: permission checks, query strings for the documents page, tag colours."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.http import urlencode

from paperkeep.web.access import can

register = template.Library()


@register.filter
def has_perm(user: Any, permission: str) -> bool:
    """`{% if user|has_perm:"documents.add_document" %}` (superusers hold every permission)."""
    return can(user, permission)


@register.simple_tag
def state_query(state: Any, **changes: Any) -> str:
    """Return `?…` for the documents page state with these changes (page=2, sort="-title", ...)."""
    return "?" + state.query(**changes)


@register.simple_tag
def query_with(params: Any, **changes: Any) -> str:
    """Return `?…` for a QueryDict with some keys replaced (None removes a key)."""
    merged = params.copy()
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged, doseq=True)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`{{ counts|get:tag.pk }}`."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def contains(collection: Any, item: Any) -> bool:
    try:
        return item in collection
    except TypeError:
        return False


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@register.filter
def safe_color(value: Any) -> str:
    """Return a `#rrggbb` colour for a style attribute, or the default tag colour for anything else."""
    return str(value) if isinstance(value, str) and _COLOR.match(value) else "#a6cee3"
