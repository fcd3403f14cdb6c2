"""Read paperless.conf: the env-file format python-dotenv reads for Paperless-ngx, with line numbers kept.

Accepted: `KEY=value`, blank lines, `#` comment lines, an optional `export ` prefix, spaces around `=`,
single quotes (literal), double quotes (with backslash escapes), quoted values spanning several lines,
a ` #` comment after an unquoted or quoted value, and `${NAME}` / `${NAME:-default}` expansion in unquoted
and double-quoted values (the real environment first, then earlier lines of the file, as python-dotenv).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_ASSIGNMENT = re.compile(r"^(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(?P<rest>.*)$", re.DOTALL)
_EXPANSION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")
_DOUBLE_QUOTED_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass(frozen=True)
class EnvEntry:
    """One `KEY=value` assignment and the line it starts on (1-based)."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class EnvProblem:
    """A line that could not be read; `key` is set when the line names a variable (then it is an error)."""

    line: int
    message: str
    key: str | None = None


@dataclass(frozen=True)
class EnvFileContent:
    """Everything read from one env file: assignments in file order, and the lines that were not understood."""

    entries: tuple[EnvEntry, ...]
    problems: tuple[EnvProblem, ...]


def _closing_quote(text: str, quote: str) -> int | None:
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == quote:
            return index
        index += 1
    return None


def _unescape(body: str, quote: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            if nxt in ("\\", quote):
                out.append(nxt)
                index += 2
                continue
            if quote == '"' and nxt == "'":
                out.append(nxt)
                index += 2
                continue
            if quote == '"' and nxt in _DOUBLE_QUOTED_ESCAPES:
                out.append(_DOUBLE_QUOTED_ESCAPES[nxt])
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _strip_inline_comment(value: str) -> str:
    match = re.search(r"\s#", value)
    return (value[: match.start()] if match else value).strip()


def _expand(value: str, environ: Mapping[str, str], earlier: Mapping[str, str]) -> str:
    if "${" not in value:
        return value

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        found = environ.get(name, earlier.get(name))
        if found:
            return found
        return match.group("default") or ""

    return _EXPANSION.sub(replace, value)


def parse_env_text(text: str, environ: Mapping[str, str] | None = None) -> EnvFileContent:
    """Parse env-file text into assignments (later duplicates win when applied in order) and problems."""
    environ = environ or {}
    lines = text.lstrip("\ufeff").splitlines()
    entries: list[EnvEntry] = []
    problems: list[EnvProblem] = []
    earlier: dict[str, str] = {}
    index = 0
    while index < len(lines):
        lineno = index + 1
        stripped = lines[index].strip()
        index += 1
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.match(stripped)
        if match is None:
            problems.append(EnvProblem(lineno, "is not KEY=value; the line is ignored"))
            continue
        key, rest = match.group("key"), match.group("rest")
        if rest[:1] in ("'", '"'):
            quote, body = rest[0], rest[1:]
            end = _closing_quote(body, quote)
            while end is None and index < len(lines):
                body += "\n" + lines[index]
                index += 1
                end = _closing_quote(body, quote)
            if end is None:
                problems.append(EnvProblem(lineno, f"has an unterminated {quote} quote", key))
                continue
            tail = body[end + 1 :].strip()
            if tail and not tail.startswith("#"):
                problems.append(EnvProblem(lineno, f"has text after the closing {quote} quote", key))
                continue
            value = _unescape(body[:end], quote)
            if quote == '"':
                value = _expand(value, environ, earlier)
        else:
            value = _expand(_strip_inline_comment(rest), environ, earlier)
        earlier[key] = value
        entries.append(EnvEntry(key, value, lineno))
    return EnvFileContent(tuple(entries), tuple(problems))
