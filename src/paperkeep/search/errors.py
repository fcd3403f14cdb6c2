"""Errors of the search package, each with a stable code for the API to render."""

from __future__ import annotations


class SearchError(Exception):
    """Base class of every error the search package raises on purpose."""

    code = "search_error"


class QuerySyntaxError(SearchError):
    """The query text is malformed; `position` is the 0-based offset of the problem."""

    code = "invalid_query"

    def __init__(self, problem: str, position: int, hint: str = "") -> None:
        self.problem = problem
        self.position = position
        self.hint = hint
        super().__init__(f"{problem} at column {position + 1}" + (f"; {hint}" if hint else ""))

    @property
    def column(self) -> int:
        """Return the 1-based column of the problem."""
        return self.position + 1


class InvalidSearchRequest(SearchError):
    """A request parameter is out of range (page, page size, limit, mode)."""

    code = "invalid_request"


class UnsupportedSort(SearchError):
    """The index cannot order by this field; order in the database instead."""

    code = "unsupported_sort"


class UnsupportedLanguage(SearchError):
    """The search language has no stemmer in tantivy."""

    code = "unsupported_language"


class DocumentNotFound(SearchError):
    """The document is not in the index, or the viewer may not see it."""

    code = "not_found"


class DocumentNotVisible(DocumentNotFound):
    """The document is in the index but the viewer may not see it (a kind of not-found)."""

    code = "not_visible"


class IndexBusy(SearchError):
    """Another writer held the index lock for longer than the retry budget."""

    code = "index_busy"
