"""Snippets with the matched words marked, the document text HTML-escaped."""

from __future__ import annotations

from html import escape

import tantivy


def render(snippet: tantivy.Snippet, open_tag: str, close_tag: str) -> str:
    """Return a snippet as HTML: escaped text with the matches wrapped in the given tags."""
    fragment = snippet.fragment().encode("utf-8")
    ranges = sorted((r.start, r.end) for r in snippet.highlighted())  # byte offsets into the fragment
    parts: list[str] = []
    cursor = 0
    for start, end in ranges:
        if start < cursor:
            continue
        parts.append(escape(fragment[cursor:start].decode("utf-8", "replace")))
        parts.append(open_tag + escape(fragment[start:end].decode("utf-8", "replace")) + close_tag)
        cursor = end
    parts.append(escape(fragment[cursor:].decode("utf-8", "replace")))
    return "".join(parts)


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
