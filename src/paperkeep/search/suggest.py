"""More-like-this and autocomplete, computed only from documents the viewer may see."""

from __future__ import annotations

import math
from collections import Counter

from tantivy import Occur, Query

from paperkeep.search import schema as f
from paperkeep.search.access import viewer_keys, visibility_query
from paperkeep.search.errors import DocumentNotFound, DocumentNotVisible, InvalidSearchRequest
from paperkeep.search.querying import MAX_PAGE_SIZE, Env, count_of, restrict
from paperkeep.search.records import Filters, Hit, SearchPage, Viewer

MLT_CANDIDATES = 25  # the source's most frequent significant words that are weighed
MLT_TERMS = 12  # how many of them the similarity query uses, as Paperless-ngx does
MLT_MIN_LENGTH = 3


def _word_query(env: Env, word: str) -> Query:
    return Query.term_query(env.schema, f.WORDS, word)


def more_like_this(env: Env, doc_id: int, viewer: Viewer, page: int, page_size: int, filters: Filters) -> SearchPage:
    """Return visible documents that share the source's most distinctive words, best first.

    Word weights use document frequencies among the viewer's visible documents only, and each hit scores the sum of
    the weights of the words it contains, so hidden documents change neither the hits nor their order.
    """
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidSearchRequest(f"page must be >= 1 and page_size between 1 and {MAX_PAGE_SIZE}")
    this_doc = Query.term_query(env.schema, f.ID, doc_id)
    found = env.searcher.search(this_doc, 1).hits
    if not found:
        raise DocumentNotFound(f"Document {doc_id} is not in the search index")
    visible = visibility_query(env.schema, viewer)
    if (
        visible is not None
        and not env.searcher.search(Query.boolean_query([(Occur.Must, this_doc), (Occur.Must, visible)]), 1).hits
    ):
        raise DocumentNotVisible(f"Document {doc_id} is not visible to this user")
    weights = _weights(env, found[0][1], viewer)
    if not weights:
        return SearchPage(0, (), page, page_size)
    similar = Query.boolean_query(
        [(Occur.Should, Query.const_score_query(_word_query(env, word), weight)) for word, weight in weights.items()]
    )
    query = Query.boolean_query([(Occur.Must, restrict(env, similar, viewer, filters)), (Occur.MustNot, this_doc)])
    offset = (page - 1) * page_size
    result = env.searcher.search(query, page_size, count=True, offset=offset)
    addresses = [address for _, address in result.hits]
    ids = env.searcher.fast_field_values(f.ID, addresses) if addresses else []
    hits = tuple(
        Hit(int(doc or 0), float(score), offset + i + 1)
        for i, ((score, _), doc) in enumerate(zip(result.hits, ids, strict=True))
    )
    return SearchPage(count_of(result), hits, page, page_size)


def _weights(env: Env, address: object, viewer: Viewer) -> dict[str, float]:
    """Weigh the source's most frequent significant words by their rarity among the viewer's documents.

    How many of them hold a word is read from the term dictionary, not by running queries: for a superuser the
    words field (each document's distinct words), for anyone else the words filed under each of their access
    keys ("u3|invoice"), summed over the keys. A document the viewer reaches by two keys counts twice, and a
    replaced copy until the index merges it away; every count comes from documents the viewer may see.
    """
    stored = env.searcher.doc(address)  # type: ignore[arg-type]
    text = "\n".join(str(value) for name in (f.TITLE, f.CONTENT) for value in stored.get_all(name))
    frequencies = Counter(
        word for word in env.analyzers.significant.analyze(text) if len(word) >= MLT_MIN_LENGTH and not word.isdigit()
    )
    candidates = sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))[:MLT_CANDIDATES]
    doc_freq = env.searcher.doc_freq
    if viewer.superuser:
        population = env.searcher.num_docs

        def holding(word: str) -> int:
            return int(doc_freq(f.WORDS, word))
    else:
        keys = viewer_keys(viewer)
        population = sum(int(doc_freq(f.ACCESS, key)) for key in keys)

        def holding(word: str) -> int:
            return sum(int(doc_freq(f.KEYED_WORDS, f"{key}|{word}")) for key in keys)

    weights: dict[str, float] = {}
    for word, frequency in candidates:
        documents = holding(word)
        if documents <= 1:  # only the source itself has it
            continue
        idf = math.log(1 + (max(population - documents, 0) + 0.5) / (documents + 0.5))
        weights[word] = (1 + math.log(frequency)) * idf
    best = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MLT_TERMS]
    return dict(best)


def autocomplete(env: Env, term: str, viewer: Viewer, limit: int) -> list[str]:
    """Complete the last word of `term` from the words of visible documents, most frequent first.

    A restricted viewer's words are looked up under their own access keys ("u3|inv..."), so the work done grows
    with the documents they may see, never with hidden ones.
    """
    if limit <= 0:
        raise InvalidSearchRequest("limit must be greater than 0")
    words = env.analyzers.plain.analyze(term)
    if not words:
        return []
    prefix = words[-1]
    visible = visibility_query(env.schema, viewer)
    counts: Counter[str] = Counter()
    if visible is None:
        for word, count in env.searcher.terms_with_prefix(f.WORDS, prefix, Query.all_query(), None):
            counts[word] += count
    else:
        for key in viewer_keys(viewer):
            for keyed, count in env.searcher.terms_with_prefix(f.KEYED_WORDS, f"{key}|{prefix}", visible, None):
                counts[keyed.split("|", 1)[1]] += count
    ranked = sorted(
        ((word, count) for word, count in counts.items() if count > 0), key=lambda item: (-item[1], item[0])
    )
    return [word for word, _ in ranked[:limit]]
