"""Automatic assignment: does a correspondent, tag, document type or storage path match a document's text?

Algorithms as Paperless numbers them: any word, all words, exact phrase, regular expression (with a
timeout), fuzzy word. AUTO needs the classifier, which Paperkeep does not have yet: it never matches here.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.conf import settings

from paperkeep.documents.models import MatchingAlgorithm, MatchingModel

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=MatchingModel)
FUZZY_THRESHOLD = 0.90
_WORDS = re.compile(r'"([^"]+)"|(\S+)')


def _words(match: str) -> list[str]:
    """Split the match text into words; a quoted phrase is one word with flexible whitespace."""
    words = []
    for phrase, word in _WORDS.findall(match):
        text = phrase or word
        words.append(r"\s+".join(re.escape(part) for part in text.split()))
    return [word for word in words if word]


def _search(pattern: str, text: str, insensitive: bool) -> bool:
    flags = re.IGNORECASE if insensitive else 0
    return re.search(rf"\b{pattern}\b", text, flags) is not None


def _regex(pattern: str, text: str, insensitive: bool) -> bool:
    import regex  # the third-party engine (it has timeouts); loaded by the worker or the first suggestion

    timeout = getattr(settings.CONFIG, "matching", None)
    seconds = getattr(timeout, "match_regex_timeout_seconds", 0.1) or 0.1
    try:
        flags = regex.IGNORECASE if insensitive else 0
        return regex.search(pattern, text, flags, timeout=seconds) is not None
    except (regex.error, TimeoutError):
        logger.warning("The matching pattern %r is invalid or too slow; treating it as no match", pattern)
        return False


def _fuzzy(match: str, text: str, insensitive: bool) -> bool:
    def clean(value: str) -> str:
        value = re.sub(r"[^\w\s]", "", value)
        return value.lower() if insensitive else value

    needle = clean(match).strip()
    haystack = clean(text)
    if not needle:
        return False
    if needle in haystack:
        return True
    width = len(needle)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    # Windows of the needle's length starting at each word: close to a partial ratio, at word granularity.
    for word in re.finditer(r"\w+", haystack):
        matcher.set_seq1(haystack[word.start() : word.start() + width])
        if matcher.quick_ratio() >= FUZZY_THRESHOLD and matcher.ratio() >= FUZZY_THRESHOLD:
            return True
    return False


def matches(obj: MatchingModel, text: str) -> bool:
    """Return whether the object's match rule matches `text`."""
    match = obj.match or ""
    if not match.strip() or not text:
        return False
    algorithm = obj.matching_algorithm
    insensitive = obj.is_insensitive
    if algorithm == MatchingAlgorithm.ANY:
        return any(_search(word, text, insensitive) for word in _words(match))
    if algorithm == MatchingAlgorithm.ALL:
        words = _words(match)
        return bool(words) and all(_search(word, text, insensitive) for word in words)
    if algorithm == MatchingAlgorithm.LITERAL:
        return _search(re.escape(match), text, insensitive)
    if algorithm == MatchingAlgorithm.REGEX:
        return _regex(match, text, insensitive)
    if algorithm == MatchingAlgorithm.FUZZY:
        return _fuzzy(match, text, insensitive)
    return False


def matching(candidates: Iterable[M], text: str) -> Sequence[M]:
    """Return the candidates whose rule matches `text`, in their given order."""
    return [obj for obj in candidates if matches(obj, text)]
