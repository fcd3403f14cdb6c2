"""Running searches: permission and list filters inside tantivy, ordering, paging, scores and snippets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

import tantivy
from tantivy import DocAddress, Occur, Order, Query

from paperkeep.search import schema as f
from paperkeep.search import scoring
from paperkeep.search.access import visibility_query
from paperkeep.search.analysis import Analyzers
from paperkeep.search.compiler import Compiled, Context, compile_query, regex_escape
from paperkeep.search.errors import InvalidSearchRequest, UnsupportedSort
from paperkeep.search.filters import filter_clauses
from paperkeep.search.highlight import Highlighter, words_in_content
from paperkeep.search.parser import parse
from paperkeep.search.records import Filters, Hit, SearchPage, SearchRequest, Sort, Viewer

MAX_PAGE_SIZE = 100_000
MODES = ("query", "text", "title")

# Paperless-ngx ordering names the index can sort by, and the fast field that holds the key.
SORT_FIELDS = {
    "created": f.CREATED_KEY,
    "added": f.ADDED_KEY,
    "modified": f.MODIFIED_KEY,
    "archive_serial_number": f.ASN_KEY,
    "asn": f.ASN_KEY,
    "page_count": f.PAGE_COUNT_KEY,
    "num_notes": f.NUM_NOTES_KEY,
    "owner": f.OWNER_KEY,
    "id": f.ID,
    "title": f.TITLE_SORT,
    "correspondent__name": f.CORRESPONDENT_SORT,
    "document_type__name": f.DOCUMENT_TYPE_SORT,
    "storage_path__name": f.STORAGE_PATH_SORT,
}
# The orderings Paperless-ngx leaves to tantivy: only these keep hits under the fuzzy score cut-off.
UNCUT_SORTS = frozenset({"created", "added", "modified", "archive_serial_number", "asn", "page_count", "num_notes"})
_FIRST_WINDOW = 256


@dataclass(frozen=True, slots=True)
class Env:
    """One searcher and what building queries needs."""

    searcher: tantivy.Searcher
    schema: tantivy.Schema
    analyzers: Analyzers
    tz: tzinfo
    fuzzy_threshold: float | None = None  # PAPERLESS_ADVANCED_FUZZY_SEARCH_THRESHOLD: approximate words, score cut-off


def count_of(result: tantivy.SearchResult) -> int:
    """Return the match count of a search run with count=True (the type stubs omit it)."""
    return int(getattr(result, "count", 0) or 0)


def text_query(env: Env, text: str, mode: str, now: datetime | None, viewer: Viewer | None = None) -> Compiled:
    """Compile the text part of a search in one of the three modes (scored without the index-wide word
    statistics for a `viewer` who is not a superuser, see `scoring`)."""
    if mode == "query":
        neutral = None
        if viewer is not None and not viewer.superuser:
            neutral = scoring.neutralizer(env.searcher, scoring.total_docs(env.searcher, env.schema))
        context = Context(env.schema, env.analyzers, now or datetime.now(UTC), env.tz, neutral)
        return compile_query(parse(text), context, fuzzy=env.fuzzy_threshold is not None)
    if mode not in MODES:
        raise InvalidSearchRequest(f"Unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    return Compiled(_substring_query(env, text, title_only=mode == "title"), None)


def _substring_query(env: Env, text: str, title_only: bool) -> Query:
    """Every word must occur inside some word of the title (or of any text), like Paperless-ngx `text=`."""
    tokens = env.analyzers.plain.analyze(text)
    if not tokens:
        return Query.all_query() if not text.strip() else Query.empty_query()
    clauses = []
    for token in dict.fromkeys(tokens):
        pattern = ".*" + regex_escape(token) + ".*"
        in_title = Query.boost_query(Query.regex_query(env.schema, f.TITLE_PLAIN, pattern), 2.0)
        if title_only:
            clauses.append((Occur.Must, in_title))
        else:
            anywhere = Query.regex_query(env.schema, f.WORDS, pattern)
            clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, in_title), (Occur.Should, anywhere)])))
    return Query.boolean_query(clauses)


def restrict(env: Env, query: Query, viewer: Viewer, filters: Filters) -> Query:
    """Add the viewer's visibility and the list filters to a query, without changing its scores."""
    clauses = [(Occur.Must, query)]
    visible = visibility_query(env.schema, viewer)
    if visible is not None:
        clauses.append((Occur.Must, Query.const_score_query(visible, 0.0)))
    for occur, clause in filter_clauses(filters, env.schema, env.analyzers, env.tz):
        clauses.append((occur, Query.const_score_query(clause, 0.0) if occur == Occur.Must else clause))
    return clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)


def cuts_by_score(env: Env, sort: Sort | None) -> bool:
    """Tell whether hits scoring under the fuzzy threshold are dropped: with a threshold set, unless the
    ordering is one Paperless-ngx leaves to tantivy (there every match stays)."""
    return env.fuzzy_threshold is not None and (sort is None or sort.field == "score" or sort.field not in UNCUT_SORTS)


def above_threshold(env: Env, text_query: Query, query: Query, viewer: Viewer) -> list[tuple[float, DocAddress]]:
    """Return the hits of `query`, best first, whose score is at least the threshold times the best score among
    all the viewer's matches of `text_query` (Paperless-ngx normalises by that best score)."""
    threshold = env.fuzzy_threshold or 0.0
    best = env.searcher.search(restrict(env, text_query, viewer, Filters()), 1).hits
    top = (float(best[0][0]) if best else 0.0) or 1.0
    first = env.searcher.search(query, _FIRST_WINDOW, count=True)
    hits, total = first.hits, count_of(first)
    kept = [(float(score), address) for score, address in hits if float(score) / top >= threshold]
    if len(kept) < len(hits) or len(hits) >= total:
        return kept  # scores come best first: the first one under the cut ends the kept hits
    hits = env.searcher.search(query, total, count=False).hits
    return [(float(score), address) for score, address in hits if float(score) / top >= threshold]


def search(env: Env, request: SearchRequest) -> SearchPage:
    """Run one search and build its page."""
    if request.page < 1 or not 1 <= request.page_size <= MAX_PAGE_SIZE:
        raise InvalidSearchRequest(f"page must be >= 1 and page_size between 1 and {MAX_PAGE_SIZE}")
    compiled = text_query(env, request.query, request.mode, request.now, request.viewer)
    query = restrict(env, compiled.query, request.viewer, request.filters)
    offset = (request.page - 1) * request.page_size
    sort = request.sort
    kept: list[tuple[float, DocAddress]] | None = None
    if request.score_cut and cuts_by_score(env, sort):
        kept = above_threshold(env, compiled.query, query, request.viewer)
    if kept is not None and (sort is None or sort.field == "score"):
        ordered = kept if sort is None or sort.descending else kept[::-1]
        total, window = len(kept), ordered[offset : offset + request.page_size]
        scores = [score for score, _ in window]
        addresses = [address for _, address in window]
    elif sort is None or sort.field == "score":
        total, hits = _by_score(env.searcher, query, offset, request.page_size, sort is None or sort.descending)
        scores = [score for score, _ in hits]
        addresses = [address for _, address in hits]
    else:
        key = SORT_FIELDS.get(sort.field)
        if key is None:
            raise UnsupportedSort(f"The index cannot order by {sort.field!r}")
        order = Order.Desc if sort.descending else Order.Asc
        if kept is not None:
            kept_ids = [int(value or 0) for value in env.searcher.fast_field_values(f.ID, [a for _, a in kept])]
            only_kept = Query.const_score_query(Query.term_set_query(env.schema, f.ID, kept_ids), 0.0)
            query = Query.boolean_query([(Occur.Must, query), (Occur.Must, only_kept)])
        result = env.searcher.search(
            query, request.page_size, count=True, order_by_field=key, offset=offset, order=order
        )
        total = count_of(result)
        addresses = [address for _, address in result.hits]
        scores = []
    ids = [int(value or 0) for value in env.searcher.fast_field_values(f.ID, addresses)] if addresses else []
    if addresses and not scores:
        scores = _scores_of(env, compiled.query, ids)
    if not request.viewer.superuser:
        scores = scoring.rounded(scores)
    return SearchPage(
        total, _hits(env, request, compiled, addresses, ids, scores, offset), request.page, request.page_size
    )


def _by_score(
    searcher: tantivy.Searcher, query: Query, offset: int, limit: int, descending: bool
) -> tuple[int, list[tuple[float, tantivy.DocAddress]]]:
    if descending:
        result = searcher.search(query, limit, count=True, offset=offset)
        return count_of(result), [(float(score), address) for score, address in result.hits]
    total = count_of(searcher.search(query, 1, count=True))
    if offset >= total:
        return total, []
    # Worst first: take the matching slice of the best-first order and reverse it.
    start = max(0, total - offset - limit)
    result = searcher.search(query, total - offset - start, count=False, offset=start)
    return total, [(float(score), address) for score, address in reversed(result.hits)]


def _scores_of(env: Env, query: Query, ids: list[int]) -> list[float]:
    """Return the relevance scores of some documents (for pages ordered by a field)."""
    only_these = Query.const_score_query(Query.term_set_query(env.schema, f.ID, ids), 0.0)
    scored = Query.boolean_query([(Occur.Must, query), (Occur.Must, only_these)])
    result = env.searcher.search(scored, len(ids))
    found_ids = env.searcher.fast_field_values(f.ID, [address for _, address in result.hits])
    by_id = {int(doc_id or 0): float(score) for (score, _), doc_id in zip(result.hits, found_ids, strict=True)}
    return [by_id.get(doc_id, 0.0) for doc_id in ids]


def _hits(
    env: Env,
    request: SearchRequest,
    compiled: Compiled,
    addresses: list[tantivy.DocAddress],
    ids: list[int],
    scores: list[float],
    offset: int,
) -> tuple[Hit, ...]:
    if not addresses:
        return ()
    note_counts = env.searcher.fast_field_values(f.NUM_NOTES, addresses)
    highlighter = None
    present: dict[int, frozenset[str]] = {}
    if request.highlight and compiled.highlight is not None:
        tags = (request.highlight_open, request.highlight_close)
        highlighter = Highlighter(env.searcher, env.schema, compiled.highlight, tags, env.analyzers.text)
        present = words_in_content(env.searcher, env.schema, compiled.content_words, ids)
    hits = []
    for position, (address, doc_id, score, notes) in enumerate(zip(addresses, ids, scores, note_counts, strict=True)):
        highlights, note_highlights = "", (None if not notes else "")
        if highlighter is not None:
            stored = env.searcher.doc(address)
            highlights = highlighter.content_html(stored, present.get(doc_id, frozenset()), address)
            note_highlights = highlighter.notes_html(stored)
        hits.append(Hit(doc_id, score, offset + position + 1, highlights, note_highlights))
    return tuple(hits)


def matching_ids(
    env: Env,
    text: str,
    viewer: Viewer,
    filters: Filters,
    mode: str,
    now: datetime | None = None,
    sort: Sort | None = None,
) -> list[int]:
    """Return every visible matching id, best first (under a fuzzy threshold: those the ordering `sort` keeps)."""
    compiled = text_query(env, text, mode, now, viewer)
    query = restrict(env, compiled.query, viewer, filters)
    if cuts_by_score(env, sort):
        kept = [address for _, address in above_threshold(env, compiled.query, query, viewer)]
        return [int(value or 0) for value in env.searcher.fast_field_values(f.ID, kept)] if kept else []
    total = count_of(env.searcher.search(query, 1, count=True))
    if total == 0:
        return []
    addresses = [address for _, address in env.searcher.search(query, total, count=False).hits]
    return [int(value or 0) for value in env.searcher.fast_field_values(f.ID, addresses)]


def all_ids(searcher: tantivy.Searcher) -> set[int]:
    """Return the ids of every live document."""
    total = searcher.num_docs
    if total == 0:
        return set()
    result = searcher.search(Query.all_query(), total, count=False, order_by_field=f.ID, order=Order.Asc)
    return {int(value) for value, _ in result.hits}
