"""Package namespaces whose names load from their modules on first use (PEP 562).

A web process that only needs an error class or a record from a package then does not load the package's heavy
libraries (Pillow, libmagic, tantivy, ...). Usage, in a package's __init__::

    __getattr__ = lazy_names(__name__, globals(), {"open_index": "index", "SearchIndex": "index"})
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, namespace: dict[str, Any], homes: Mapping[str, str], *, submodules: bool = False
) -> Callable[[str], Any]:
    """Return a module `__getattr__` that imports `name` from `package.<homes[name]>` on first use and keeps it.

    With `submodules`, any other public name is taken to be a submodule (`package.name`)."""

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is not None:
            value = getattr(importlib.import_module(f"{package}.{home}"), name)
        elif submodules and not name.startswith("__"):
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    return load
