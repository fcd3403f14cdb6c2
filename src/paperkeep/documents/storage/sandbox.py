"""The Jinja sandbox for filename templates: no attribute walking, no globals, no runaway repetition.

Kept apart from `naming` so that Jinja is imported only by processes that render a file name.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from jinja2 import Undefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_REPEAT = 256
_STR_METHODS = frozenset(
    {"lower", "upper", "title", "capitalize", "strip", "lstrip", "rstrip", "replace", "split", "startswith",
     "endswith", "zfill", "removeprefix", "removesuffix"}
)  # fmt: skip
_DICT_METHODS = frozenset({"get", "keys", "values", "items"})


class FilenameSandbox(SandboxedEnvironment):
    """A sandbox that allows no attribute walking and no runaway repetition."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, dict):
            return attr in _DICT_METHODS
        return False

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Decide before Jinja's own lookup, which hands out a wrapped `str.format` before asking us.
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if not self.is_safe_attribute(obj, attribute, None):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, dict | list | tuple):
            return super().getitem(obj, argument)
        if isinstance(obj, str) and isinstance(argument, int | slice):
            return super().getitem(obj, argument)
        return self.unsafe_undefined(obj, str(argument))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"{attribute!r} is not available in filename templates")

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            count = right if isinstance(right, int) else left if isinstance(left, int) else 1
            sequence = isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple)
            if sequence and count > MAX_REPEAT:
                raise SecurityError("repetition is limited in filename templates")
            return operator.mul(left, right)
        if isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("large powers are not allowed in filename templates")
        return operator.pow(left, right)



def make_environment(filters: dict[str, Callable[..., Any]]) -> FilenameSandbox:
    """Return a sandbox with no globals (no range(), lipsum(), dict(), cycler(), joiner(), namespace())."""
    env = FilenameSandbox(autoescape=False, extensions=["jinja2.ext.loopcontrols"], undefined=Undefined)
    env.globals.clear()
    env.filters.update(filters)
    return env
