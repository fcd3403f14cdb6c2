"""The registry: one entry per setting Paperkeep recognises (every variable Paperless-ngx 3.0.5 reads, the
authentik guide's three, and Paperkeep's own extensions). The tables live in `variables_*.py`."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from paperkeep.config.effective import IGNORED_FEATURES, is_effective
from paperkeep.config.values import Context, Parser

Finish = Callable[[Any, Context], Any]


@dataclass(frozen=True)
class Derived:
    """A default computed from other settings (e.g. PAPERLESS_LOGGING_DIR defaults to DATA_DIR/log)."""

    describe: str
    compute: Callable[[Context], Any]


@dataclass(frozen=True)
class Var:
    """One recognised variable: how to parse it, its default, which area attribute it fills, its feature."""

    name: str
    area: str
    attr: str | None  # attribute of the area dataclass this fills; None for variables read elsewhere
    parse: Parser
    default: Any = None  # a constant, or Derived
    feature: str = "core"  # see effective.py
    secret: bool = False
    finish: Finish | None = None  # applied to the parsed value or the default (e.g. append the URL's host)
    aliases: tuple[str, ...] = ()  # older names, checked before this one (as Paperless-ngx does)
    deprecated: str | None = None  # warning shown when the variable is set
    keep_whitespace: bool = False  # do not strip the raw text (secrets are taken verbatim)

    @property
    def effective(self) -> bool:
        """Whether setting this variable changes what Paperkeep does today."""
        return is_effective(self.feature)

    @property
    def ignored(self) -> bool:
        """Whether Paperless-ngx itself ignores this variable (accepted with a warning)."""
        return self.feature in IGNORED_FEATURES


def var(name: str, area: str, attr: str | None, parse: Parser, default: Any = None, **options: Any) -> Var:
    """Build a registry entry; the PAPERLESS_ prefix is added to `name`."""
    return Var("PAPERLESS_" + name, area, attr, parse, default, **options)


def build_registry(tables: Iterable[Iterable[Var]]) -> tuple[dict[str, Var], dict[str, str]]:
    """Index the tables by name and by alias; a name registered twice is a programming error."""
    registry: dict[str, Var] = {}
    aliases: dict[str, str] = {}
    for table in tables:
        for entry in table:
            if entry.name in registry or entry.name in aliases:
                raise RuntimeError(f"{entry.name} is registered twice")
            registry[entry.name] = entry
            for alias in entry.aliases:
                aliases[alias] = entry.name
    return registry, aliases


def closest_name(name: str, names: Iterable[str], prefix: str = "PAPERLESS_") -> str | None:
    """Return the registered name closest to an unknown one, if any is close enough."""
    stem = name.removeprefix(prefix)
    stems = {known.removeprefix(prefix): known for known in names}
    match = difflib.get_close_matches(stem, list(stems), n=1, cutoff=0.75)
    return stems[match[0]] if match else None
