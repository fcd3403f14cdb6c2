"""Turn a parsed query into a tantivy Query (and a second query of its positive words, for snippets)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo

import tantivy
from tantivy import FieldType, Occur, Query

from paperkeep.search import schema as f
from paperkeep.search.analysis import TEXT, Analyzers
from paperkeep.search.dates import DateSyntaxError, Interval, resolve
from paperkeep.search.documents import clamp
from paperkeep.search.errors import QuerySyntaxError
from paperkeep.search.fields import DEFAULT_FIELDS, FieldSpec, is_calendar_date, lookup
from paperkeep.search.parser import (
    And,
    Compare,
    Exists,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    unescape,
    wildcard_chunks,
)
from paperkeep.search.scoring import Neutralizer

_REGEX_SPECIAL = set(r"\.+*?()|[]{}^$#&-~\"")
_MAX_NUMBER = 2**64 - 1
_SNIPPET_FIELDS = (f.CONTENT, f.NOTES)
# Fields a `field:word` query searches approximately in fuzzy mode: those Paperless-ngx makes fuzzy.
_FUZZY_FIELDS = frozenset({f.TITLE, f.CONTENT, f.CORRESPONDENT, f.DOCUMENT_TYPE, f.TAG})
_SNIPPET_DEFAULT_FIELDS = tuple((name, boost) for name, boost in DEFAULT_FIELDS if name in _SNIPPET_FIELDS)
FUZZY_BOOST = 0.1  # approximate matches rank below exact ones


@dataclass(frozen=True, slots=True)
class Context:
    """What compiling needs besides the tree: the schema, the analyzers and the clock."""

    schema: tantivy.Schema
    analyzers: Analyzers
    now: datetime
    tz: tzinfo
    neutral: Neutralizer | None = None  # set for a restricted viewer: scored leaves lose the index-wide idf


@dataclass(slots=True)
class Compiled:
    """The query to run, and the query whose terms snippets should highlight (None: nothing to highlight).

    `content_words` are the analyzed words that snippets can mark in the content: the highlighter stops
    reading a long text once one window shows them all.
    """

    query: Query
    highlight: Query | None
    content_words: frozenset[str] = frozenset()


@dataclass
class _Compiler:
    ctx: Context
    positives: list[Query] = field(default_factory=list)
    content_words: set[str] = field(default_factory=set)
    plain: bool = False  # phrases as position queries only (what snippets read terms from)
    unfielded: tuple[tuple[str, float], ...] = DEFAULT_FIELDS  # what a word without a field searches
    fuzzy: bool = False  # single words match within one edit (as a prefix), as PAPERLESS_ADVANCED_FUZZY_SEARCH_* asks

    # -- structure ---------------------------------------------------------------------------
    def node(self, node: Node, negated: bool) -> Query | None:
        if isinstance(node, And):
            return self.conjunction(node.items, negated)
        if isinstance(node, Or):
            parts = [self.node(item, negated) for item in node.items]
            kept = [part for part in parts if part is not None]
            if not kept:
                return None
            return kept[0] if len(kept) == 1 else Query.boolean_query([(Occur.Should, part) for part in kept])
        if isinstance(node, Not):
            inner = self.node(node.item, not negated)
            if inner is None:
                return None
            return _all_but(inner)
        if isinstance(node, MatchAll):
            return Query.all_query()
        return self.leaf(node, negated)

    def conjunction(self, items: tuple[Node, ...], negated: bool) -> Query | None:
        clauses: list[tuple[Occur, Query]] = []
        for item in items:
            if isinstance(item, Not):
                inner = self.node(item.item, not negated)
                if inner is not None:
                    clauses.append((Occur.MustNot, inner))
                continue
            query = self.node(item, negated)
            if query is not None:
                clauses.append((Occur.Must, query))
        if not clauses:
            return None
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.insert(0, (Occur.Must, Query.all_query()))
        if len(clauses) == 1:
            return clauses[0][1]
        return Query.boolean_query(clauses)

    # -- leaves ------------------------------------------------------------------------------
    def leaf(self, node: Node, negated: bool) -> Query | None:
        shown = True  # whether the words can appear in a snippet (content or notes)
        if isinstance(node, Term | Phrase) and node.field is None:
            query = self.default_fields(node)
        else:
            assert isinstance(node, Term | Phrase | Range | Compare | Exists)
            spec = self.spec(node.field or "", node.pos)
            query = self.field_leaf(spec, node)
            shown = spec.index_field in _SNIPPET_FIELDS
        marked = not (self.fuzzy or self.plain or negated)
        if query is not None and shown and marked and isinstance(node, Term | Phrase):
            self.positives.append(self.for_snippets(node))
            if node.field is None or self.spec(node.field, node.pos).index_field == f.CONTENT:
                self.content_words.update(self.marked_words(node))
        return query

    def for_snippets(self, node: Term | Phrase) -> Query:
        """Return the leaf as snippets need it: terms and phrases of the fields snippets are made from (content,
        notes), not word pairs, and unboosted (the snippet generators read only the terms)."""
        plain = _Compiler(replace(self.ctx, neutral=None), plain=True, unfielded=_SNIPPET_DEFAULT_FIELDS)
        query = plain.leaf(node, negated=False)
        return query if query is not None else Query.empty_query()

    def marked_words(self, node: Term | Phrase) -> list[str]:
        """Return the analyzed words of a term or phrase (none for a wildcard: snippets mark no pattern)."""
        if isinstance(node, Term):
            if wildcard_chunks(node.raw) is not None:
                return []
            return self.ctx.analyzers.text.analyze(unescape(node.raw))
        return self.ctx.analyzers.text.analyze(node.text)

    def spec(self, name: str, pos: int) -> FieldSpec:
        spec = lookup(name)
        if spec is None:  # the parser only produces known fields
            raise QuerySyntaxError(f"Unknown field {name!r}", pos)
        return spec

    def default_fields(self, node: Term | Phrase) -> Query | None:
        if isinstance(node, Term):
            chunks = wildcard_chunks(node.raw)
            if chunks is not None:
                if set(chunks) == {"*"}:
                    return Query.all_query()
                return self.wildcard(f.WORDS, chunks, stemmed=False)
            text, slop = unescape(node.raw), 0
        else:
            text, slop = node.text, node.slop
        tokens = self.ctx.analyzers.text.analyze(text)
        if not tokens:
            return None
        parts = []
        approximate = isinstance(node, Term)
        for name, boost in self.unfielded:
            query = self.words(name, tokens, slop, approximate)
            parts.append((Occur.Should, Query.boost_query(query, boost) if boost != 1.0 else query))
        return Query.boolean_query(parts)

    def words(self, name: str, tokens: list[str], slop: int = 0, approximate: bool = False) -> Query:
        if len(tokens) == 1:
            if self.fuzzy and approximate:
                return Query.fuzzy_term_query(
                    self.ctx.schema, name, tokens[0], distance=1, transposition_cost_one=True, prefix=True
                )
            return self.scored(Query.term_query(self.ctx.schema, name, tokens[0]), name, tokens)
        phrase = self.scored(Query.phrase_query(self.ctx.schema, name, list(tokens), slop), name, tokens)
        if name != f.CONTENT or slop != 0 or self.plain:
            return phrase
        pairs = [f"{first}{f.PAIR_JOINER}{second}" for first, second in dict.fromkeys(itertools.pairwise(tokens))]
        if len(tokens) == 2:
            # The pair's postings are the phrase's matches, its count the phrase's count.
            return self.scored(Query.term_query(self.ctx.schema, f.CONTENT_PAIRS, pairs[0]), f.CONTENT_PAIRS, pairs)
        # Only documents holding every pair can hold the phrase: tantivy checks positions last, so it reads
        # them for these candidates alone (the phrase still decides, and scores).
        every_pair = [(Occur.Must, Query.term_query(self.ctx.schema, f.CONTENT_PAIRS, pair)) for pair in pairs]
        candidates = Query.const_score_query(Query.boolean_query(every_pair), 0.0)
        return Query.boolean_query([(Occur.Must, phrase), (Occur.Must, candidates)])

    def scored(self, query: Query, name: str, words: list[str]) -> Query:
        """Return a BM25-scored leaf, for a restricted viewer boosted to cancel its index-wide idf."""
        if self.ctx.neutral is None:
            return query
        return Query.boost_query(query, self.ctx.neutral(name, words))

    def field_leaf(self, spec: FieldSpec, node: Term | Phrase | Range | Compare | Exists) -> Query | None:
        if isinstance(node, Exists):
            if spec.kind == "text":
                return Query.regex_query(self.ctx.schema, spec.index_field, ".+")
            return Query.exists_query(spec.index_field)
        if spec.kind == "date":
            return self.date_leaf(spec, node)
        if spec.kind == "number":
            return self.number_leaf(spec, node)
        if isinstance(node, Range | Compare):
            raise QuerySyntaxError(f"Ranges and comparisons work on dates and numbers, not on {node.field!r}", node.pos)
        return self.text_leaf(spec, node)

    def text_leaf(self, spec: FieldSpec, node: Term | Phrase) -> Query | None:
        if isinstance(node, Term):
            chunks = wildcard_chunks(node.raw)
            if chunks is not None:
                stemmed = spec.tokenizer == TEXT and not spec.wildcard_field
                return self.wildcard(spec.wildcard_target, chunks, stemmed)
            text, slop = unescape(node.raw), 0
        else:
            text, slop = node.text, node.slop
        tokens = self.ctx.analyzers.by_name(spec.tokenizer).analyze(text)
        if not tokens:
            return None
        approximate = isinstance(node, Term) and spec.index_field in _FUZZY_FIELDS
        return self.words(spec.index_field, tokens, slop, approximate)

    def wildcard(self, name: str, chunks: list[str], stemmed: bool) -> Query:
        pattern = "".join(_regex_part(self.ctx.analyzers, chunk) for chunk in chunks)
        if pattern.replace(".*", "") == "":
            return Query.regex_query(self.ctx.schema, name, ".+")
        query = Query.regex_query(self.ctx.schema, name, pattern)
        literal = chunks[0]
        if stemmed and len(chunks) == 2 and chunks[1] == "*" and literal not in "*?":
            # `invoice*` must find "invoices" although the index holds the stem "invoic".
            stems = self.ctx.analyzers.text.analyze(literal)
            if len(stems) == 1 and stems[0] != self.ctx.analyzers.fold(literal):
                stem_query = Query.regex_query(self.ctx.schema, name, regex_escape(stems[0]) + ".*")
                query = Query.boolean_query([(Occur.Should, query), (Occur.Should, stem_query)])
        return query

    def number_leaf(self, spec: FieldSpec, node: Term | Phrase | Range | Compare) -> Query:
        name = spec.index_field
        if isinstance(node, Term | Phrase):
            value = _number(node.raw if isinstance(node, Term) else node.text, node.field or "", node.pos)
            return _int_range(self.ctx.schema, name, value, value)
        if isinstance(node, Compare):
            value = _number(node.value, node.field, node.pos)
            bounds = {">": (value + 1, None), ">=": (value, None), "<": (None, value - 1), "<=": (None, value)}
            low, high = bounds[node.op]
            if high is not None and high < 0:
                return Query.empty_query()
            return _int_range(self.ctx.schema, name, low, high)
        low = None if node.low is None else _number(node.low, node.field, node.pos)
        high = None if node.high is None else _number(node.high, node.field, node.pos)
        if low is not None and high is not None and low > high:
            low, high = high, low
        if low is not None and not node.include_low:
            low += 1
        if high is not None and not node.include_high:
            if high == 0:
                return Query.empty_query()
            high -= 1
        return _int_range(self.ctx.schema, name, low, high)

    def date_leaf(self, spec: FieldSpec, node: Term | Phrase | Range | Compare) -> Query:
        def interval(text: str) -> Interval:
            try:
                return resolve(text, calendar_date=is_calendar_date(spec), now=self.ctx.now, tz=self.ctx.tz)
            except DateSyntaxError as exc:
                raise QuerySyntaxError(exc.problem, node.pos, exc.hint) from exc

        if isinstance(node, Term | Phrase):
            span = interval(unescape(node.raw) if isinstance(node, Term) else node.text)
            return self.date_range(spec, (span.start, True), (span.end, span.end_inclusive))
        if isinstance(node, Compare):
            span = interval(node.value)
            low_bound = {">": (span.end, not span.end_inclusive), ">=": (span.start, True)}.get(node.op)
            high_bound = {"<": (span.start, False), "<=": (span.end, span.end_inclusive)}.get(node.op)
            return self.date_range(spec, low_bound, high_bound)
        low = interval(node.low) if node.low is not None else None
        high = interval(node.high) if node.high is not None else None
        if low is not None and high is not None and low.start > high.start:
            low, high = high, low
        low_bound = None
        if low is not None:
            low_bound = (low.start, True) if node.include_low else (low.end, not low.end_inclusive)
        high_bound = None
        if high is not None:
            high_bound = (high.end, high.end_inclusive) if node.include_high else (high.start, False)
        return self.date_range(spec, low_bound, high_bound)

    def date_range(
        self, spec: FieldSpec, low: tuple[datetime, bool] | None, high: tuple[datetime, bool] | None
    ) -> Query:
        if low is None and high is None:
            return Query.exists_query(spec.index_field)
        return Query.range_query(
            self.ctx.schema,
            spec.index_field,
            FieldType.Date,
            clamp(low[0]) if low else None,
            clamp(high[0]) if high else None,
            include_lower=low[1] if low else True,
            include_upper=high[1] if high else True,
        )


def compile_query(node: Node, ctx: Context, fuzzy: bool = False) -> Compiled:
    """Compile a parsed query; a query with no searchable words matches nothing.

    With `fuzzy`, the exact query gets a second, optional clause: the same query whose single words match
    within one edit (a typo, a missing or swapped letter) as a prefix, at a tenth of the score, so approximate
    matches are found and rank below exact ones. Snippets still mark only the exact words.
    """
    compiler = _Compiler(ctx)
    query = compiler.node(node, negated=False)
    highlight = None
    if compiler.positives:
        highlight = Query.boolean_query([(Occur.Should, part) for part in compiler.positives])
    words = frozenset(compiler.content_words)
    if query is None:
        return Compiled(Query.empty_query(), highlight, words)
    if fuzzy:
        approximate = _Compiler(ctx, fuzzy=True).node(node, negated=False)
        if approximate is not None:
            boosted = Query.boost_query(approximate, FUZZY_BOOST)
            query = Query.boolean_query([(Occur.Should, query), (Occur.Should, boosted)])
    return Compiled(query, highlight, words)


def _all_but(query: Query) -> Query:
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, query)])


def regex_escape(text: str) -> str:
    return "".join("\\" + char if char in _REGEX_SPECIAL else char for char in text)


def _regex_part(analyzers: Analyzers, chunk: str) -> str:
    if chunk == "*":
        return ".*"
    if chunk == "?":
        return "."
    return regex_escape(analyzers.fold(chunk))


def _number(text: str, field_name: str, pos: int) -> int:
    value = unescape(text).strip()
    if not value.isdigit() or int(value) > _MAX_NUMBER:
        raise QuerySyntaxError(f"{field_name}: expects a whole number, not {value!r}", pos)
    return int(value)


def _int_range(schema: tantivy.Schema, name: str, low: int | None, high: int | None) -> Query:
    if low is not None and high is not None and low > high:
        return Query.empty_query()
    return Query.range_query(schema, name, FieldType.Unsigned, low, high)
