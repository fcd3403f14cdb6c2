"""Text analysis: the tokenizers registered on the index and used again on query words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tantivy

from paperkeep.search.errors import UnsupportedLanguage

# Tokenizer names registered on the index.
TEXT = "pk_text"  # words, lowercased, accents folded, stemmed: title, content, notes, names
PLAIN = "pk_plain"  # the same without stemming: filenames, custom field names, titles for substring search
KEYWORD = "pk_keyword"  # the whole value as one term, lowercased and folded: mime type, usernames
MAX_TOKEN_LENGTH = 64  # bytes; tantivy drops a word this long or longer, and it keeps its position

# Stemmer languages tantivy ships, by the codes and names PAPERLESS_SEARCH_LANGUAGE accepts.
_LANGUAGES = {
    "ar": "arabic",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hu": "hungarian",
    "it": "italian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
NO_STEMMING = "none"


def normalize_language(language: str | None) -> str:
    """Return tantivy's name for a language code or name, or "none" for no stemming."""
    if language is None or language.strip().lower() in ("", NO_STEMMING):
        return NO_STEMMING
    value = language.strip().lower()
    if value in _LANGUAGES:
        return _LANGUAGES[value]
    if value in _LANGUAGES.values():
        return value
    known = ", ".join(sorted(_LANGUAGES))
    raise UnsupportedLanguage(f"No stemmer for search language {language!r}; use one of {known} or 'none'")


def _base(tokenizer: tantivy.Tokenizer) -> tantivy.TextAnalyzerBuilder:
    return (
        tantivy.TextAnalyzerBuilder(tokenizer)
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(tantivy.Filter.lowercase())
    )


@dataclass(frozen=True)
class Analyzers:
    """The analyzers of one language, for indexing and for analysing query words alike."""

    language: str
    text: tantivy.TextAnalyzer
    plain: tantivy.TextAnalyzer
    keyword: tantivy.TextAnalyzer
    significant: tantivy.TextAnalyzer  # like `plain` but drops stop words: more-like-this word candidates
    unbounded: tantivy.TextAnalyzer  # like `text` but keeps over-long words: one token per word, for positions

    def by_name(self, name: str) -> tantivy.TextAnalyzer:
        """Return the analyzer registered under a tokenizer name."""
        return {TEXT: self.text, PLAIN: self.plain, KEYWORD: self.keyword}[name]

    def fold(self, value: str) -> str:
        """Return a value lowercased and accent-folded as one piece (for wildcard patterns)."""
        tokens = self.keyword.analyze(value)
        return tokens[0] if tokens else ""

    def register(self, index: tantivy.Index) -> None:
        """Register the tokenizers on an opened index (needed for writing and for snippets)."""
        index.register_tokenizer(TEXT, self.text)
        index.register_tokenizer(PLAIN, self.plain)
        index.register_tokenizer(KEYWORD, self.keyword)


@lru_cache(maxsize=4)
def analyzers_for(language: str) -> Analyzers:
    """Build the analyzers for a normalized language name."""
    text = _base(tantivy.Tokenizer.simple()).filter(tantivy.Filter.ascii_fold())
    unbounded = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    significant = _base(tantivy.Tokenizer.simple())
    if language != NO_STEMMING:
        # Stop words are listed with their accents, so drop them before folding.
        significant = significant.filter(tantivy.Filter.stopword(language))
        text = text.filter(tantivy.Filter.stemmer(language))
        unbounded = unbounded.filter(tantivy.Filter.stemmer(language))
    significant = significant.filter(tantivy.Filter.ascii_fold())
    return Analyzers(
        language=language,
        text=text.build(),
        plain=_base(tantivy.Tokenizer.simple()).filter(tantivy.Filter.ascii_fold()).build(),
        keyword=(
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build()
        ),
        significant=significant.build(),
        unbounded=unbounded.build(),
    )
