"""`paperkeep config`: the effective settings as a table, each with its source, secrets masked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from paperkeep.config.errors import MASK, mask_json, mask_url_password
from paperkeep.config.loader import REGISTRY
from paperkeep.config.model import Config
from paperkeep.config.registry import Var

_VALUE_WIDTH = 44


def display(entry: Var, value: Any) -> str:
    """Format a typed value for one table cell; secrets are masked, URLs lose their passwords."""
    if entry.secret and value not in (None, ""):
        return MASK
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return mask_url_password(value) if value else '""'
    if isinstance(value, Path | int | float):
        return str(value)
    if isinstance(value, Mapping):
        return json.dumps(mask_json(value), separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, frozenset | set):
        items = sorted(item.isoformat() if isinstance(item, date) else str(item) for item in value)
        return ",".join(items) if items else "(empty)"
    if isinstance(value, tuple | list):
        return ",".join(_plain(item) for item in value) if value else "(empty)"
    return str(value)


def render_effective(cfg: Config, *, only_set: bool = False) -> str:
    """Return the table of every registered variable (or only those not at their default)."""
    rows: list[tuple[str, str, str]] = []
    for name, entry in REGISTRY.items():
        source = cfg.sources.get(name)
        if source is None or (only_set and source.kind == "default"):
            continue
        where = str(source)
        if source.kind != "default" and not entry.effective and not entry.ignored:
            where += " (accepted, not yet effective)"
        rows.append((name, display(entry, cfg.value(name)), where))
    name_width = max((len(row[0]) for row in rows), default=8)
    value_width = min(max((len(row[1]) for row in rows), default=5), _VALUE_WIDTH)
    header = f"Configuration file: {cfg.config_file or 'none found'}"
    lines = [header, "", f"{'VARIABLE':<{name_width}}  {'VALUE':<{value_width}}  SOURCE"]
    lines += [f"{name:<{name_width}}  {value:<{value_width}}  {where}" for name, value, where in rows]
    return "\n".join(lines)
