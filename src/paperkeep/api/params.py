"""Small helpers for query parameters, parsed the way Paperless-ngx parses them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on"})


def flag(params: Mapping[str, Any], name: str, default: bool = False) -> bool:
    """Return a boolean query parameter (`true`, `1`, `yes`... are true; anything else false)."""
    value = params.get(name)
    if value is None:
        return default
    return str(value).strip().lower() in TRUE_WORDS


def field_list(params: Mapping[str, Any], name: str = "fields") -> frozenset[str] | None:
    """Return the comma-separated `fields=` list, or None when absent."""
    value = params.get(name)
    if not value:
        return None
    return frozenset(part.strip() for part in str(value).split(",") if part.strip())


def int_list(value: Any) -> list[int] | None:
    """Parse `1,2,3` into ints; None if any part is not an integer."""
    try:
        return [int(part) for part in str(value).split(",") if part.strip()]
    except ValueError:
        return None
