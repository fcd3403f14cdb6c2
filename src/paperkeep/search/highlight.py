"""Snippets with the matched words marked, the document text HTML-escaped.

tantivy finds the matches in the stored text (we ask it for one fragment spanning the text); we pick the window
ourselves: the first one showing the most distinct query words, every word weighing the same. tantivy's own choice
weighs words by their document frequency across the whole index, which would let hidden documents steer which part
of a visible one is shown.
"""

from __future__ import annotations

import re
from html import escape
from itertools import islice

import tantivy

from paperkeep.search import schema as f

MAX_CHARS = 150
FIRST_PREFIX = 500  # characters of a long content read first, then GROWTH times as many, and so on
GROWTH = 8  # a text whose words never meet in one window is read about 1.15 times, not twice
CONTENT = f.CONTENT
NOTES = f.NOTES
_WHOLE_TEXT = 1 << 40
_HINT_SPOTS = 200  # occurrences of each word looked at for the first read's length
_HINT_WORD = 64  # characters allowed for the last word found
# Word positions one window can span: every word takes a character and a separator, so two words in one
# MAX_CHARS window are at most MAX_CHARS / 2 positions apart (a phrase slop of that many, with room to spare).
WINDOW_POSITIONS = MAX_CHARS // 2 + 5
_SPACE = re.compile(r"\s")


def match_spans(snippet: tantivy.Snippet) -> tuple[str, list[tuple[int, int]]]:
    """Return the fragment text and its matched character spans, in order and not overlapping."""
    fragment = snippet.fragment()
    ranges = sorted((r.start, r.end) for r in snippet.highlighted())  # byte offsets
    spans: list[tuple[int, int]] = []
    if fragment.isascii():  # byte offsets are character offsets
        for start, end in ranges:
            if not spans or start >= spans[-1][1]:
                spans.append((start, end))
        return fragment, spans
    data = fragment.encode("utf-8")
    chars = cursor = 0
    for start, end in ranges:
        if start < cursor:
            continue
        chars += len(data[cursor:start].decode("utf-8", "replace"))
        begin = chars
        chars += len(data[start:end].decode("utf-8", "replace"))
        spans.append((begin, chars))
        cursor = end
    return fragment, spans


def best_window(keys: list[str], spans: list[tuple[int, int]], max_chars: int = MAX_CHARS) -> tuple[int, int, int]:
    """Return the index range [i, j) of the first window of spans showing the most distinct words, and that
    number. A window holds the matches ending within `max_chars` of its first match's start; `keys` are the
    matches' analyzed words ("invoices" and "invoice" are one word)."""
    best, most = (0, 1), 0
    everything = len(set(keys))
    counts: dict[str, int] = {}
    distinct = j = 0
    for i in range(len(spans)):
        if j < i:
            j = i
        while j < len(spans) and spans[j][1] - spans[i][0] <= max_chars:
            seen = counts.get(keys[j], 0)
            distinct += seen == 0
            counts[keys[j]] = seen + 1
            j += 1
        shown = distinct if j > i else 1
        if shown > most:
            best, most = (i, max(j, i + 1)), shown
            if most == everything:
                break  # no later window can show more
        if j > i:
            counts[keys[i]] -= 1
            distinct -= counts[keys[i]] == 0
    return best[0], best[1], most


def _html(text: str, spans: list[tuple[int, int]], window: tuple[int, int], tags: tuple[str, str]) -> str:
    """Return the window's text, widened to about `MAX_CHARS` at word boundaries, escaped, matches marked."""
    first, last = window
    start, end = spans[first][0], spans[last - 1][1]
    start = _extend_left(text, start, max(0, MAX_CHARS - (end - start)) // 2)
    end = _extend_right(text, end, max(0, MAX_CHARS - (end - start)))
    open_tag, close_tag = tags
    parts: list[str] = []
    cursor = start
    for span_start, span_end in spans[first:last]:
        parts.append(escape(text[cursor:span_start]))
        parts.append(open_tag + escape(text[span_start:span_end]) + close_tag)
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def _extend_left(text: str, position: int, room: int) -> int:
    if room <= 0 or position == 0:
        return position
    candidate = max(0, position - room)
    if candidate == 0:
        return 0
    space = _SPACE.search(text, candidate, position)  # start after a whitespace, not inside a word
    return space.end() if space else position


def _extend_right(text: str, position: int, room: int) -> int:
    candidate = min(len(text), position + room)
    if candidate == len(text):
        return candidate
    cut = max((m.start() for m in _SPACE.finditer(text, position, candidate + 1)), default=position)
    return cut


def _likely_window_end(lowered: str, words: frozenset[str]) -> int:
    """Return where the first window holding every word's text (as a plain substring) ends, or 0.

    Only a guess of how much of the text to read first (a substring may sit inside another word, an inflected or
    accented form is missed): the snippet is still chosen from the words tantivy finds in what is read.
    """
    spots: list[tuple[int, int]] = []
    for number, word in enumerate(sorted(words)):
        found = [match.start() for match in islice(re.finditer(re.escape(word), lowered), _HINT_SPOTS)]
        if not found:
            return 0
        spots.extend((position, number) for position in found)
    spots.sort()
    counts = [0] * len(words)
    missing, start = len(words), 0
    for position, number in spots:
        counts[number] += 1
        missing -= counts[number] == 1
        while spots[start][0] < position - MAX_CHARS:
            gone = spots[start][1]
            counts[gone] -= 1
            missing += counts[gone] == 0
            start += 1
        if missing == 0:
            return position + _HINT_WORD
    return 0


def words_in_content(
    searcher: tantivy.Searcher, schema: tantivy.Schema, words: frozenset[str], ids: list[int]
) -> dict[int, frozenset[str]]:
    """Return, for each of some documents, which of the analyzed `words` its content holds (one index query
    per word over just these documents); a document holding none is left out."""
    if not words or not ids:
        return {}
    # A union of id terms (not a term set): it leads the intersection, so each word's postings are only
    # skipped through to these documents instead of being read whole.
    only = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, f.ID, i)) for i in ids])
    held: dict[int, set[str]] = {}
    for word in words:
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.term_query(schema, CONTENT, word)), (tantivy.Occur.Must, only)]
        )
        addresses = [address for _, address in searcher.search(query, len(ids)).hits]
        for doc_id in searcher.fast_field_values(f.ID, addresses) if addresses else []:
            held.setdefault(int(doc_id or 0), set()).add(word)
    return {doc_id: frozenset(found) for doc_id, found in held.items()}


class Highlighter:
    """Make content and note snippets for the hits of one page."""

    def __init__(
        self,
        searcher: tantivy.Searcher,
        schema: tantivy.Schema,
        query: tantivy.Query | None,
        tags: tuple[str, str],
        analyzer: tantivy.TextAnalyzer | None = None,
    ) -> None:
        self.tags = tags
        self.analyzer = analyzer
        self.searcher = searcher
        self.schema = schema
        self.content: tantivy.SnippetGenerator | None = None
        self.notes: tantivy.SnippetGenerator | None = None
        self._keys: dict[str, str] = {}
        self._nearness: dict[frozenset[str], list[tantivy.Query]] = {}
        if query is not None:
            self.content = tantivy.SnippetGenerator.create(searcher, query, schema, CONTENT)
            self.notes = tantivy.SnippetGenerator.create(searcher, query, schema, NOTES)
            self.content.set_max_num_chars(_WHOLE_TEXT)
            self.notes.set_max_num_chars(_WHOLE_TEXT)

    def content_html(
        self, doc: tantivy.Document, present: frozenset[str] | None = None, address: tantivy.DocAddress | None = None
    ) -> str:
        """Return the content snippet of a stored document ("" when nothing matched there).

        `present` are the query's words this content holds (see `words_in_content`; None: not known). Knowing
        them, a long text is read in growing prefixes: once a window there shows them all, it is the first
        such window of the whole text as well (a window starting earlier sees at least as much of the prefix,
        so it would have shown them all first). When two words are not seen together in the first prefix, the
        index is asked (for this document at `address`) whether they ever come within a window's reach; if
        not, no window shows both, and the first match is the snippet.
        """
        if self.content is None or present == frozenset():
            return ""
        text = doc.get_first(CONTENT)
        if not isinstance(text, str):
            return ""
        size = FIRST_PREFIX
        most = len(present) if present else 0
        asked = hinted = False
        while present and self.analyzer is not None and size < len(text):
            cut = max(text.rfind(" ", 0, size), text.rfind("\n", 0, size))  # never inside a word
            if cut > 0:
                prefix = tantivy.Document()
                prefix.add_text(CONTENT, text[:cut])
                _, spans = match_spans(self.content.snippet_from_doc(prefix))
                first, last, shown = best_window(self._words(text, spans), spans) if spans else (0, 0, 0)
                if shown < most == 2 and address is not None and not asked:
                    asked = True
                    most = 2 if self._near(address, present) else 1
                if spans and shown >= most:
                    return _html(text, spans, (first, last), self.tags)
            grown = size * GROWTH
            if not hinted:  # read next up to where the words' text first meets (0: nowhere, as far as it can tell)
                hinted = True
                likely = _likely_window_end(text.lower(), present)
                grown = likely + MAX_CHARS if likely + MAX_CHARS > size else grown
            size = grown
        fragment, spans = match_spans(self.content.snippet_from_doc(doc))
        if not spans:
            return ""
        first, last, _ = best_window(self._words(fragment, spans), spans)
        return _html(text if text.startswith(fragment) else fragment, spans, (first, last), self.tags)

    def _near(self, address: tantivy.DocAddress, words: frozenset[str]) -> bool:
        """Tell whether two words of one document's content come within WINDOW_POSITIONS of each other."""
        if words not in self._nearness:  # the same two queries serve every hit of the page
            first, second = sorted(words)
            orders: list[list[str | tuple[int, str]]] = [[first, second], [second, first]]
            self._nearness[words] = [
                tantivy.Query.phrase_query(self.schema, CONTENT, in_order, WINDOW_POSITIONS) for in_order in orders
            ]
        for near in self._nearness[words]:
            try:
                near.explain(self.searcher, address)  # one document: no scan of the others
            except ValueError:  # "does not match"
                continue
            return True
        return False

    def notes_html(self, doc: tantivy.Document) -> str | None:
        """Return the notes snippet, or None when the document has no notes."""
        if not doc.get_all(NOTES):
            return None
        if self.notes is None:
            return ""
        fragment, spans = match_spans(self.notes.snippet_from_doc(doc))
        if not spans:
            return ""
        first, last, _ = best_window(self._words(fragment, spans), spans)
        return _html(fragment, spans, (first, last), self.tags)

    def _words(self, text: str, spans: list[tuple[int, int]]) -> list[str]:
        """Return the analyzed word of each match (its lowercased text without an analyzer)."""
        words = []
        for start, end in spans:
            surface = text[start:end]
            word = self._keys.get(surface)
            if word is None:
                analyzed = self.analyzer.analyze(surface) if self.analyzer is not None else []
                word = analyzed[0] if len(analyzed) == 1 else surface.lower()
                self._keys[surface] = word
            words.append(word)
        return words
