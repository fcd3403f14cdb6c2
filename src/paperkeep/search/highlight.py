"""Snippets with the matched words marked, the document text HTML-escaped.

tantivy finds every match in the stored text (we ask it for one fragment spanning the whole text); we pick the
window ourselves, weighing every query word the same. tantivy's own choice weighs words by their document frequency
across the whole index, which would let hidden documents steer which part of a visible one is shown.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape

import tantivy

MAX_CHARS = 150
_WHOLE_TEXT = 1 << 40
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


def best_window(text: str, spans: list[tuple[int, int]], max_chars: int = MAX_CHARS) -> tuple[int, int]:
    """Return the index range [i, j) of the spans whose window shows the most distinct words, then the most matches."""
    words = [text[start:end].lower() for start, end in spans]
    if len(set(words)) <= 1:
        return _best_window_one_word(spans, max_chars)
    best, best_score = (0, 1), (0, 0)
    counts: dict[str, int] = {}
    distinct = j = 0
    for i in range(len(spans)):
        if j < i:
            j = i
        while j < len(spans) and spans[j][1] - spans[i][0] <= max_chars:
            seen = counts.get(words[j], 0)
            distinct += seen == 0
            counts[words[j]] = seen + 1
            j += 1
        score = (distinct, j - i) if j > i else (1, 1)
        if score > best_score:
            best, best_score = (i, max(j, i + 1)), score
        if j > i:
            counts[words[i]] -= 1
            distinct -= counts[words[i]] == 0
    return best


def _best_window_one_word(spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    """`best_window` when every match is the same word: the first window holding the most matches."""
    ends = [end for _, end in spans]
    best, most = (0, 1), 0
    for i, (start, _) in enumerate(spans):
        j = bisect_right(ends, start + max_chars, i)  # the spans ending within max_chars of this one's start
        count = max(j - i, 1)
        if count > most:
            best, most = (i, i + count), count
    return best


def render(snippet: tantivy.Snippet, open_tag: str, close_tag: str, max_chars: int = MAX_CHARS) -> str:
    """Return the best window of a whole-text snippet as escaped HTML with the matches wrapped in the tags."""
    text, spans = match_spans(snippet)
    if not spans:
        return ""
    first, last = best_window(text, spans, max_chars)
    start, end = spans[first][0], spans[last - 1][1]
    start = _extend_left(text, start, max(0, max_chars - (end - start)) // 2)
    end = _extend_right(text, end, max(0, max_chars - (end - start)))
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


class Highlighter:
    """Make content and note snippets for the hits of one page."""

    def __init__(
        self, searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query | None, tags: tuple[str, str]
    ) -> None:
        self.tags = tags
        self.content: tantivy.SnippetGenerator | None = None
        self.notes: tantivy.SnippetGenerator | None = None
        if query is not None:
            self.content = tantivy.SnippetGenerator.create(searcher, query, schema, "content")
            self.notes = tantivy.SnippetGenerator.create(searcher, query, schema, "notes")
            self.content.set_max_num_chars(_WHOLE_TEXT)
            self.notes.set_max_num_chars(_WHOLE_TEXT)

    def content_html(self, doc: tantivy.Document) -> str:
        """Return the content snippet of a stored document ("" when nothing matched there)."""
        if self.content is None:
            return ""
        return render(self.content.snippet_from_doc(doc), *self.tags)

    def notes_html(self, doc: tantivy.Document) -> str | None:
        """Return the notes snippet, or None when the document has no notes."""
        if not doc.get_all("notes"):
            return None
        if self.notes is None:
            return ""
        return render(self.notes.snippet_from_doc(doc), *self.tags)
