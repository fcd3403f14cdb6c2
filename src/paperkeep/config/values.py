"""Parsers from a raw text value to a typed value; each raises Invalid with what was expected.

A parser is called as `parser(text, ctx)`; `ctx` gives the install directory (for relative paths) and the
values of other variables (for the few settings that depend on another one).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from paperkeep.config.errors import Invalid


class Context(Protocol):
    """What a parser may ask of the loader."""

    @property
    def base_dir(self) -> Path: ...

    def value(self, name: str) -> Any: ...

    def warn(self, message: str) -> None: ...


Parser = Callable[[str, Context], Any]

TRUE_WORDS = frozenset({"true", "1", "t", "y", "yes"})
FALSE_WORDS = frozenset({"false", "0", "f", "n", "no"})
BOOL_EXPECTED = "true/false/yes/no/1/0/y/n/t/f"


def to_bool(text: str) -> bool:
    """Read a boolean as Paperless-ngx does (any case); raise Invalid for anything else."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Invalid("is not a boolean", BOOL_EXPECTED, code="config.invalid_boolean")


def boolean(text: str, ctx: Context) -> bool:
    """Parse a boolean setting."""
    return to_bool(text)


def _bounds(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum:g} to {maximum:g}"
    if minimum is not None:
        return f" of at least {minimum:g}"
    if maximum is not None:
        return f" of at most {maximum:g}"
    return ""


def integer(minimum: int | None = None, maximum: int | None = None) -> Parser:
    """Make a parser for a whole number, optionally bounded."""

    def parse(text: str, ctx: Context) -> int:
        expected = "a whole number" + _bounds(minimum, maximum)
        try:
            number = int(text.strip())
        except ValueError:
            raise Invalid("is not a whole number", expected, code="config.invalid_integer") from None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise Invalid("is out of range", expected, code="config.out_of_range")
        return number

    return parse


def number(minimum: float | None = None, maximum: float | None = None) -> Parser:
    """Make a parser for a decimal number, optionally bounded."""

    def parse(text: str, ctx: Context) -> float:
        expected = "a number" + _bounds(minimum, maximum)
        try:
            result = float(text.strip())
        except ValueError:
            raise Invalid("is not a number", expected, code="config.invalid_number") from None
        if result != result or result in (float("inf"), float("-inf")):
            raise Invalid("is not a finite number", expected, code="config.invalid_number")
        if (minimum is not None and result < minimum) or (maximum is not None and result > maximum):
            raise Invalid("is out of range", expected, code="config.out_of_range")
        return result

    return parse


def choice(*options: str, ignore_case: bool = False) -> Parser:
    """Make a parser that accepts exactly one of `options` (returned in its canonical spelling)."""
    canonical = {(option.lower() if ignore_case else option): option for option in options}

    def parse(text: str, ctx: Context) -> str:
        key = text.strip().lower() if ignore_case else text.strip()
        if key not in canonical:
            raise Invalid("is not one of the choices", "one of " + ", ".join(options), code="config.invalid_choice")
        return canonical[key]

    return parse


def string(text: str, ctx: Context) -> str:
    """Take the text as it is."""
    return text


def path(text: str, ctx: Context) -> Path:
    """Parse a path; `~` is expanded and a relative path is taken from the install directory."""
    if "\x00" in text:
        raise Invalid("contains a NUL character", "a file system path", code="config.invalid_path")
    candidate = Path(text.strip()).expanduser()
    if not candidate.is_absolute():
        candidate = ctx.base_dir / candidate
    return Path(os.path.normpath(candidate))


def comma_list(text: str, ctx: Context) -> tuple[str, ...]:
    """Parse a comma-separated list; items are stripped and empty items dropped (as Paperless-ngx)."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


def json_text(text: str) -> Any:
    """Parse JSON; a syntax error becomes Invalid naming the position (line too when the text has several)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise Invalid("is nested too deeply", "valid JSON", show_value=False, show_expected=False,
                      code="config.invalid_json") from None
    except json.JSONDecodeError as exc:
        message = exc.msg[:1].lower() + exc.msg[1:]
        where = f"line {exc.lineno} column {exc.colno}" if "\n" in text.strip() else f"column {exc.colno}"
        raise Invalid(
            f"is not valid JSON: {message} at {where}", "valid JSON", show_value=False, show_expected=False,
            code="config.invalid_json",
        ) from None


def json_object(text: str, ctx: Context) -> dict[str, Any]:
    """Parse a JSON object."""
    value = json_text(text)
    if not isinstance(value, dict):
        raise Invalid("is not a JSON object", 'a JSON object like {"key": "value"}', code="config.invalid_json")
    return value


def json_string_list(text: str, ctx: Context) -> tuple[str, ...]:
    """Parse a JSON list of strings."""
    value = json_text(text)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid("is not a JSON list of strings", 'a JSON list like ["a", "b"]', code="config.invalid_json")
    return tuple(value)


def json_regex_list(text: str, ctx: Context) -> tuple[str, ...]:
    """Parse a JSON list of regular expressions, each compiled to check it."""
    patterns = json_string_list(text, ctx)
    for pattern in patterns:
        check_regex(pattern)
    return patterns


def check_regex(pattern: str) -> None:
    """Raise Invalid when pattern is not a valid regular expression."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise Invalid(
            f"contains the invalid regular expression {pattern!r} ({exc})", "valid Python regular expressions",
            show_value=False, code="config.invalid_regex",
        ) from None


_SIZE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmgt]?)(?:i?b)?$", re.IGNORECASE)
_SIZE_FACTORS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def size(text: str, ctx: Context) -> int:
    """Parse a size in bytes; K, M, G and T suffixes (optionally KB/KiB...) count in powers of 1024."""
    match = _SIZE.match(text.strip())
    if not match:
        raise Invalid("is not a size", "a number of bytes, optionally with K, M, G or T (e.g. 500M)",
                      code="config.invalid_size")
    return int(float(match.group("number")) * _SIZE_FACTORS[match.group("unit").lower()])


def url(*schemes: str) -> Parser:
    """Make a parser for a URL with one of `schemes` and a host (or a path, for unix sockets)."""

    def parse(text: str, ctx: Context) -> str:
        value = text.strip()
        parts = urlsplit(value)
        scheme_ok = parts.scheme.lower() in schemes
        where_ok = bool(parts.hostname) or (parts.scheme.lower().startswith(("unix", "redis+socket")) and parts.path)
        if not (scheme_ok and where_ok):
            raise Invalid("is not a URL", f"a URL starting with {' or '.join(s + '://' for s in schemes)}",
                          code="config.invalid_url")
        return value

    return parse


def optional_of(parser: Parser, *none_words: str) -> Parser:
    """Wrap a parser so that one of `none_words` (any case) means None."""
    words = {word.lower() for word in none_words}

    def parse(text: str, ctx: Context) -> Any:
        return None if text.strip().lower() in words else parser(text, ctx)

    return parse


def key_values(int_keys: Sequence[str] = ()) -> Parser:
    """Make a parser for `k=v,a.b=c` options (dots nest); values of `int_keys` become integers."""

    def parse(text: str, ctx: Context) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for pair in (item.strip() for item in text.split(",")):
            if not pair:
                continue
            key, sep, value = pair.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key or any(not part for part in key.split(".")):
                raise Invalid(f"has {pair!r}, which is not key=value", "key=value pairs separated by commas",
                              show_value=False, code="config.invalid_options")
            typed: Any = value
            if key in int_keys:
                try:
                    typed = int(value)
                except ValueError:
                    raise Invalid(f"has {key}={value!r}, which is not a whole number", f"{key} to be a whole number",
                                  show_value=False, code="config.invalid_options") from None
            target = result
            *parents, leaf = key.split(".")
            for part in parents:
                nested = target.get(part)
                if not isinstance(nested, dict):
                    nested = target[part] = {}
                target = nested
            target[leaf] = typed
        return result

    return parse
