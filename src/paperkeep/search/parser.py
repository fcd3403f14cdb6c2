"""A recursive-descent parser for the Paperless-ngx query language, producing a small syntax tree.

Grammar (AND binds tighter than OR; words side by side mean AND):

    query   := or EOF
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("NOT" | "-" | "+") unary | primary
    primary := "(" or ")" | FIELD ":" value | PHRASE | WORD
    value   := "(" or ")" | PHRASE | RANGE | ("<" | "<=" | ">" | ">=") (PHRASE | WORD) | "*" | WORD ("," WORD)*
    RANGE   := ("[" | "{") bound? "to" bound? ("]" | "}")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperkeep.search.errors import QuerySyntaxError
from paperkeep.search.fields import lookup


@dataclass(frozen=True, slots=True)
class Term:
    """An unquoted word, with backslash escapes kept (`*` and `?` unescaped are wildcards)."""

    raw: str
    field: str | None
    pos: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase."""

    text: str
    field: str | None
    pos: int
    slop: int = 0


@dataclass(frozen=True, slots=True)
class Range:
    """`field:[low to high]`; a None bound is open, `{}` brackets exclude the bound."""

    field: str
    low: str | None
    high: str | None
    include_low: bool
    include_high: bool
    pos: int


@dataclass(frozen=True, slots=True)
class Compare:
    """`field:>value` and friends."""

    field: str
    op: str
    value: str
    pos: int


@dataclass(frozen=True, slots=True)
class Exists:
    """`field:*`: the document has a value in that field."""

    field: str
    pos: int


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node
    pos: int


@dataclass(frozen=True, slots=True)
class MatchAll:
    pos: int


Node = Term | Phrase | Range | Compare | Exists | And | Or | Not | MatchAll

_KEYWORDS = ("AND", "OR", "NOT")
_WORD_STOP = frozenset('()"')
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=:)")
_SLOP = re.compile(r"~(\d{1,3})")


def parse(text: str) -> Node:
    """Parse a query; raise QuerySyntaxError pointing at the first problem."""
    return _Parser(text).parse()


def unescape(raw: str) -> str:
    """Return a word with its backslash escapes resolved."""
    return re.sub(r"\\(.)", r"\1", raw)


def wildcard_chunks(raw: str) -> list[str] | None:
    """Split a word into literal text and "*"/"?" wildcards; None when it has no wildcard."""
    chunks: list[str] = []
    literal: list[str] = []
    found = False
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\" and i + 1 < len(raw):
            literal.append(raw[i + 1])
            i += 2
            continue
        if char in "*?":
            found = True
            chunks.extend(["".join(literal), char])
            literal = []
        else:
            literal.append(char)
        i += 1
    chunks.append("".join(literal))
    return [chunk for chunk in chunks if chunk] if found else None


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.fields: list[str] = []  # field context of `title:( ... )` groups

    # -- helpers -----------------------------------------------------------------------------
    def fail(self, problem: str, pos: int | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(problem, self.i if pos is None else pos)

    def at_end(self) -> bool:
        return self.i >= len(self.s)

    def skip_ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def keyword(self) -> str | None:
        """Return the operator keyword at the cursor (AND, OR, NOT in capitals), if any."""
        for word in _KEYWORDS:
            end = self.i + len(word)
            if self.s.startswith(word, self.i) and (end == len(self.s) or self.s[end].isspace() or self.s[end] in "()"):
                return word
        return None

    def where(self) -> str:
        return "at the end of the query" if self.at_end() else f"before {self.s[self.i]!r}"

    # -- grammar -----------------------------------------------------------------------------
    def parse(self) -> Node:
        self.skip_ws()
        if self.at_end():
            return MatchAll(0)
        node = self.parse_or()
        self.skip_ws()
        if not self.at_end():
            raise self.fail("Unmatched ')'" if self.s[self.i] == ")" else f"Unexpected {self.s[self.i]!r}")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while True:
            self.skip_ws()
            if self.keyword() != "OR":
                break
            self.i += 2
            self.expect_operand("OR")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_unary()]
        while True:
            self.skip_ws()
            if self.at_end() or self.s[self.i] == ")" or self.keyword() == "OR":
                break
            if self.keyword() == "AND":
                self.i += 3
                self.expect_operand("AND")
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def expect_operand(self, operator: str) -> None:
        start = self.i - len(operator)
        self.skip_ws()
        if self.at_end() or self.s[self.i] == ")" or self.keyword() in ("AND", "OR"):
            raise self.fail(f"Expected a search term after {operator}", start)

    def parse_unary(self) -> Node:
        self.skip_ws()
        start = self.i
        word = self.keyword()
        if word in ("AND", "OR"):
            raise self.fail(f"Expected a search term before {word}")
        if word == "NOT":
            self.i += 3
            self.expect_operand("NOT")
            return Not(self.parse_unary(), start)
        if self.s[self.i] in "+-" and self.i + 1 < len(self.s) and not self.s[self.i + 1].isspace():
            sign = self.s[self.i]
            self.i += 1
            if self.s[self.i] in "+-)":
                raise self.fail(f"Expected a search term after {sign!r}", start)
            item = self.parse_primary()
            return Not(item, start) if sign == "-" else item
        return self.parse_primary()

    def parse_primary(self) -> Node:
        self.skip_ws()
        if self.at_end():
            raise self.fail("Expected a search term at the end of the query")
        char = self.s[self.i]
        if char == "(":
            return self.parse_group()
        if char == ")":
            raise self.fail("Unmatched ')'")
        if char == '"':
            return self.parse_phrase(self.current_field())
        match = _FIELD_NAME.match(self.s, self.i)
        if match:
            name = match.group(0)
            after = match.end() + 1
            if lookup(name) is not None:
                self.i = after
                return self.parse_field_value(name.lower(), match.start())
            if after < len(self.s) and (self.s[after].isalnum() or self.s[after] in '"([{'):
                raise self.fail(f"Unknown field {name!r}", match.start())
        return self.parse_word(self.current_field())

    def current_field(self) -> str | None:
        return self.fields[-1] if self.fields else None

    def parse_group(self) -> Node:
        start = self.i
        self.i += 1
        self.skip_ws()
        if not self.at_end() and self.s[self.i] == ")":
            raise self.fail("Empty parentheses", start)
        if self.at_end():
            raise self.fail("Unclosed '('", start)
        node = self.parse_or()
        self.skip_ws()
        if self.at_end() or self.s[self.i] != ")":
            raise self.fail("Unclosed '('", start)
        self.i += 1
        return node

    def parse_phrase(self, field: str | None) -> Phrase:
        start = self.i
        text = self.read_quoted()
        slop = _SLOP.match(self.s, self.i)
        if slop:
            self.i = slop.end()
        return Phrase(text, field, start, int(slop.group(1)) if slop else 0)

    def read_quoted(self) -> str:
        start = self.i
        self.i += 1
        chars: list[str] = []
        while self.i < len(self.s):
            char = self.s[self.i]
            if char == "\\" and self.i + 1 < len(self.s):
                chars.append(self.s[self.i + 1])
                self.i += 2
                continue
            if char == '"':
                self.i += 1
                return "".join(chars)
            chars.append(char)
            self.i += 1
        raise self.fail("Unclosed quote", start)

    def read_raw_word(self) -> str:
        start = self.i
        while self.i < len(self.s):
            char = self.s[self.i]
            if char.isspace() or char in _WORD_STOP:
                break
            self.i += 2 if char == "\\" else 1
        self.i = min(self.i, len(self.s))
        return self.s[start : self.i]

    def parse_word(self, field: str | None) -> Node:
        start = self.i
        raw = self.read_raw_word()
        if not raw:
            raise self.fail(f"Expected a search term {self.where()}")
        return Term(raw, field, start)

    # -- field values ------------------------------------------------------------------------
    def parse_field_value(self, field: str, field_pos: int) -> Node:
        if self.at_end() or self.s[self.i].isspace() or self.s[self.i] == ")":
            raise self.fail(f"Missing value after '{field}:'", field_pos)
        char = self.s[self.i]
        if char == "(":
            self.fields.append(field)
            try:
                return self.parse_group()
            finally:
                self.fields.pop()
        if char == '"':
            return self.parse_phrase(field)
        if char in "[{":
            return self.parse_range(field)
        if char in "<>":
            return self.parse_compare(field)
        start = self.i
        raw = self.read_raw_word()
        if raw == "*":
            return Exists(field, start)
        parts = _split_commas(raw)
        terms: list[Node] = []
        offset = start
        for part in parts:
            if part:
                terms.append(Term(part, field, offset))
            offset += len(part) + 1
        if not terms:
            raise self.fail(f"Missing value after '{field}:'", field_pos)
        return terms[0] if len(terms) == 1 else And(tuple(terms))

    def parse_compare(self, field: str) -> Compare:
        start = self.i
        op = self.s[self.i]
        self.i += 1
        if not self.at_end() and self.s[self.i] == "=":
            op += "="
            self.i += 1
        value = self.read_quoted() if not self.at_end() and self.s[self.i] == '"' else unescape(self.read_raw_word())
        if not value:
            raise self.fail(f"Missing value after '{field}:{op}'", start)
        return Compare(field, op, value, start + len(op))

    def parse_range(self, field: str) -> Node:
        start = self.i
        closing = re.compile(r"[\]}]").search(self.s, self.i + 1)
        if closing is None:
            raise self.fail(f"Unclosed {self.s[start]!r}", start)
        inner = self.s[start + 1 : closing.start()]
        self.i = closing.end()
        words = inner.split()
        lowered = [word.lower() for word in words]
        if "to" not in lowered:
            raise self.fail("Expected 'to' between the bounds of the range", start)
        cut = lowered.index("to")
        low, high = _bound(" ".join(words[:cut])), _bound(" ".join(words[cut + 1 :]))
        if low is None and high is None:
            return Exists(field, start)
        return Range(field, low, high, self.s[start] == "[", closing.group(0) == "]", start + 1)


def _bound(text: str) -> str | None:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return None if text in ("", "*") else text


def _split_commas(raw: str) -> list[str]:
    """Split `a,b` on unescaped commas (`tag:bank,tax` means both tags)."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            current.append(raw[i : i + 2])
            i += 2
            continue
        if raw[i] == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(raw[i])
        i += 1
    parts.append("".join(current))
    return parts
