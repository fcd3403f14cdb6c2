"""The one error a configuration mistake raises, and the masking that keeps secrets out of it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

MASK = "********"
_MAX_SHOWN = 80

# A name is secret when its last word is one of these, or when it contains SECRET or PASSWORD anywhere.
# The last-word rule keeps PAPERLESS_TOKEN_THROTTLE_RATE, PAPERLESS_DBSSLKEY (a path) and allauth's
# token_auth_method visible while PAPERLESS_SECRET_KEY, PAPERLESS_DBPASS and "secret" are masked.
_SECRET_LAST_WORDS = frozenset({"SECRET", "PASSWORD", "PASSWD", "PASS", "KEY", "APIKEY", "TOKEN", "CREDENTIALS"})
_SECRET_ANYWHERE = ("SECRET", "PASSWORD")
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)(?P<password>[^@/?#\s]+)(?=@)")


def is_secret_name(name: str) -> bool:
    """Tell whether a variable or JSON key names a secret (for names the registry does not flag itself)."""
    upper = name.upper()
    if upper.endswith("_FILE"):
        return False  # the name of a file holding a secret is not the secret
    if any(word in upper for word in _SECRET_ANYWHERE):
        return True
    words = [word for word in re.split(r"[_\-.\s]+", upper) if word]
    return bool(words) and words[-1] in _SECRET_LAST_WORDS


def mask_url_password(text: str) -> str:
    """Replace the password in any `scheme://user:password@host` inside text."""
    return _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)


def mask_json(value: Any) -> Any:
    """Return a copy of a JSON value with every secret-named key's value masked."""
    if isinstance(value, Mapping):
        return {
            key: (MASK if is_secret_name(str(key)) and item not in (None, "") else mask_json(item))
            for key, item in value.items()
        }
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [mask_json(item) for item in value]
    if isinstance(value, str):
        return mask_url_password(value)
    return value


def shown(value: str, *, secret: bool) -> str:
    """Quote a raw value for a one-line message: masked when secret, shortened when long, newlines escaped."""
    if secret and value != "":
        return repr(MASK)
    value = mask_url_password(value)
    if len(value) > _MAX_SHOWN:
        value = value[: _MAX_SHOWN - 1] + "…"
    return repr(value)


def one_line(text: str) -> str:
    """Collapse whitespace runs (including newlines) so a message is always one line."""
    return " ".join(text.split())


class ConfigError(Exception):
    """A configuration value Paperkeep cannot accept; str() is one line naming variable, value, expectation, origin."""

    def __init__(
        self,
        variable: str,
        problem: str,
        *,
        expected: str,
        origin: str,
        value: str | None = None,
        show_expected: bool = True,
        code: str = "config.invalid",
    ) -> None:
        self.variable = variable
        self.value = value  # already masked and quoted for display, or None when not shown
        self.problem = one_line(problem)
        self.expected = one_line(expected)
        self.origin = origin
        self.code = code
        head = f"{variable}={value}" if value is not None else variable
        tail = f" (expected {self.expected})" if show_expected and self.expected else ""
        super().__init__(one_line(f"{head} {self.problem}{tail} — from {origin}"))

    def __str__(self) -> str:
        return str(self.args[0])


class Invalid(Exception):
    """Raised by a value parser; the loader turns it into a ConfigError with the variable and its origin."""

    def __init__(
        self,
        problem: str,
        expected: str,
        *,
        show_value: bool = True,
        show_expected: bool = True,
        code: str = "config.invalid",
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.expected = expected
        self.show_value = show_value
        self.show_expected = show_expected
        self.code = code
