"""Highlights: escaped snippets of content and notes with the matched words marked."""

from __future__ import annotations

import pytest

from paperkeep.search import DocRecord, SearchIndex
from tests.search.helpers import MakeIndex, page


@pytest.fixture
def index(make_index: MakeIndex) -> SearchIndex:
    return make_index(
        DocRecord(
            id=1,
            title="Bill",
            content="<b>Total</b> <script>alert(1)</script> invoice & Café",
            notes=("pay <i>soon</i>",),
        ),
        DocRecord(id=2, title="Invoice only in title", content="nothing to see"),
        DocRecord(id=3, title="Notes", content="plain text", notes=("the invoice is paid", "second note")),
    )


def test_match_is_wrapped_in_b_by_default(index: SearchIndex) -> None:
    """GIVEN a document with 'invoice' WHEN searching it THEN the snippet marks it with <b> as Paperless-ngx 3.0.5."""
    hit = next(hit for hit in page(index, "invoice").hits if hit.id == 1)
    assert "<b>invoice</b>" in hit.highlights


def test_markup_can_be_chosen(index: SearchIndex) -> None:
    """GIVEN the same search WHEN asking for <span class="match"> THEN that markup is used."""
    hits = page(index, "invoice", highlight_open='<span class="match">', highlight_close="</span>").hits
    hit = next(hit for hit in hits if hit.id == 1)
    assert '<span class="match">invoice</span>' in hit.highlights


def test_document_html_is_escaped(index: SearchIndex) -> None:
    """GIVEN content holding HTML WHEN it is highlighted THEN its tags arrive escaped, only our markup is HTML."""
    hit = next(hit for hit in page(index, "invoice").hits if hit.id == 1)
    assert "<script>" not in hit.highlights
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.highlights
    assert "&amp;" in hit.highlights
    assert hit.highlights.replace("<b>invoice</b>", "").count("<") == 0


def test_accented_original_is_marked(index: SearchIndex) -> None:
    """GIVEN 'Café' in the content WHEN searching 'cafe' THEN the original accented word is marked."""
    assert page(index, "cafe").hits[0].highlights.endswith("<b>Café</b>")


def test_note_highlights_come_from_notes(index: SearchIndex) -> None:
    """GIVEN a note with 'invoice' WHEN searching it THEN note_highlights marks it."""
    hit = next(hit for hit in page(index, "invoice").hits if hit.id == 3)
    assert "<b>invoice</b>" in (hit.note_highlights or "")


def test_note_highlights_are_escaped(index: SearchIndex) -> None:
    """GIVEN a note with HTML WHEN its words match THEN the note snippet is escaped."""
    hit = page(index, "soon").hits[0]
    assert (hit.note_highlights or "").startswith("pay &lt;i&gt;<b>soon</b>&lt;/i")


def test_note_highlights_none_without_notes(index: SearchIndex) -> None:
    """GIVEN a document without notes WHEN it is a hit THEN note_highlights is None."""
    hit = next(hit for hit in page(index, "invoice").hits if hit.id == 2)
    assert hit.note_highlights is None


def test_title_only_hit_has_empty_content_highlights(index: SearchIndex) -> None:
    """GIVEN a word only in a title WHEN it matches THEN the content snippet is empty."""
    hit = next(hit for hit in page(index, "invoice").hits if hit.id == 2)
    assert hit.highlights == ""


def test_highlights_can_be_turned_off(index: SearchIndex) -> None:
    """GIVEN a search WHEN highlight=False THEN no snippets are made."""
    hits = page(index, "invoice", highlight=False).hits
    assert all(hit.highlights == "" for hit in hits)


def test_negated_words_are_not_marked(make_index: MakeIndex) -> None:
    """GIVEN 'rent paid' WHEN searching 'rent OR NOT paid' THEN only 'rent' is marked."""
    index = make_index(DocRecord(id=1, content="rent paid"))
    assert page(index, "rent OR NOT paid").hits[0].highlights == "<b>rent</b> paid"


def test_match_far_into_a_long_text_is_shown(make_index: MakeIndex) -> None:
    """GIVEN a 20,000-character text with the word only at the end WHEN searching it THEN the snippet shows it."""
    index = make_index(DocRecord(id=1, content="filler " * 3000 + "needle at the end"))
    assert "<b>needle</b> at the end" in page(index, "needle").hits[0].highlights


def test_snippet_is_short(make_index: MakeIndex) -> None:
    """GIVEN a long text WHEN it is highlighted THEN the snippet text is at most 150 characters."""
    index = make_index(DocRecord(id=1, content="filler " * 100 + "needle " + "filler " * 100))
    text = page(index, "needle").hits[0].highlights.replace("<b>", "").replace("</b>", "")
    assert 100 < len(text) <= 150


def test_window_with_most_distinct_words_wins(make_index: MakeIndex) -> None:
    """GIVEN 'alpha' repeated early and 'alpha beta' together later WHEN searching both THEN the later window,
    which shows both words, is chosen."""
    content = "alpha alpha alpha " + "filler " * 60 + "alpha and beta together"
    index = make_index(DocRecord(id=1, content=content))
    assert "<b>alpha</b> and <b>beta</b>" in page(index, "alpha OR beta").hits[0].highlights


def test_phrase_words_are_marked(make_index: MakeIndex) -> None:
    """GIVEN 'we sent a payment reminder' WHEN searching the phrase "payment reminder" THEN both words are marked."""
    index = make_index(DocRecord(id=1, content="we sent a payment reminder today"))
    assert "<b>payment</b> <b>reminder</b> today" in page(index, '"payment reminder"').hits[0].highlights


def test_title_field_query_marks_nothing_in_content(make_index: MakeIndex) -> None:
    """GIVEN 'invoice' in title and content WHEN searching title:invoice THEN the content snippet stays empty."""
    index = make_index(DocRecord(id=1, title="Invoice", content="the invoice"))
    assert page(index, "title:invoice").hits[0].highlights == ""


def _reference_window(words: list[str], spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int, int]:
    """The window rule spelled out: for each first match, the matches ending within `max_chars` of its start;
    the first window showing the most distinct words."""
    best, most = (0, 1), 0
    for i, (start, _) in enumerate(spans):
        j = i
        while j < len(spans) and spans[j][1] - start <= max_chars:
            j += 1
        shown = len(set(words[i:j])) if j > i else 1
        if shown > most:
            best, most = (i, max(j, i + 1)), shown
    return best[0], best[1], most


def test_window_follows_the_rule() -> None:
    """GIVEN 500 random layouts of one to three words (in some, a word is longer than the window)
    WHEN the best window is chosen THEN it is the one the rule spelled out picks."""
    from random import Random

    from paperkeep.search.highlight import best_window

    rng = Random(4)
    for _ in range(500):
        spans, words, position = [], [], 0
        vocabulary = ["alpha", "beta", "gamma"][: rng.randint(1, 3)]
        length = rng.choice((7, 12, 200))
        for _ in range(rng.randint(1, 30)):
            position += rng.randint(1, 120)
            spans.append((position, position + length))
            words.append(rng.choice(vocabulary))
            position += length
        assert best_window(words, spans, 150) == _reference_window(words, spans, 150)


def test_one_word_shows_its_first_match(make_index: MakeIndex) -> None:
    """GIVEN a long text with 'needle' once early and three times together later
    WHEN searching 'needle' THEN the snippet shows the first one."""
    content = "start needle here " + "filler " * 400 + "needle needle needle end"
    index = make_index(DocRecord(id=1, content=content))
    assert page(index, "needle").hits[0].highlights.startswith("start <b>needle</b> here filler")


def test_window_across_the_first_prefix_is_found(make_index: MakeIndex) -> None:
    """GIVEN 'alpha' alone early and 'alpha beta' side by side just across the first 2,000 characters read
    WHEN searching both THEN the window showing both is chosen."""
    from paperkeep.search.highlight import FIRST_PREFIX

    head = "alpha " + "filler " * ((FIRST_PREFIX - 30) // 7)
    index = make_index(DocRecord(id=1, content=head + "alpha then beta together " + "filler " * 400))
    assert "<b>alpha</b> then <b>beta</b> together" in page(index, "alpha beta").hits[0].highlights


def test_two_words_many_short_words_apart_still_share_a_window(make_index: MakeIndex) -> None:
    """GIVEN 'alpha' alone early, then 'alpha' and 'beta' 70 one-letter words apart (one 150-character window)
    WHEN searching both THEN the snippet shows them together, not the first 'alpha'."""
    together = "alpha " + "x " * 70 + "beta"
    index = make_index(DocRecord(id=1, content="alpha first " + "filler " * 300 + together + " end"))
    highlights = page(index, "alpha beta").hits[0].highlights
    assert "<b>alpha</b> x x" in highlights and "x <b>beta</b>" in highlights


def test_a_word_inside_another_word_does_not_decide_the_snippet(make_index: MakeIndex) -> None:
    """GIVEN "update due" early ("date" only inside another word) and "due date" together far into the text
    WHEN searching due date THEN the snippet shows the later window, where both words are."""
    index = make_index(DocRecord(id=1, content="update due " + "filler " * 700 + "the due date is near"))
    assert "the <b>due</b> <b>date</b> is near" in page(index, "due date").hits[0].highlights


def test_reading_prefixes_gives_the_whole_text_window(make_index: MakeIndex) -> None:
    """GIVEN 60 random long texts of a few words among filler, and queries of one to three of them
    WHEN snippets are made (reading growing prefixes) THEN each equals the snippet made from the whole text."""
    from random import Random

    from paperkeep.search import querying
    from paperkeep.search.highlight import Highlighter

    rng = Random(7)
    vocabulary = ["alpha", "beta", "gamma", "delta", "invoice", "invoices"]
    records = []
    for doc_id in range(1, 61):
        words = [rng.choice(vocabulary) if rng.random() < 0.03 else "filler" for _ in range(rng.randint(50, 3000))]
        records.append(DocRecord(id=doc_id, content=" ".join(words)))
    index = make_index(*records)
    env = index._env()
    tags = ("<b>", "</b>")
    for query in ("alpha", "alpha beta", "invoice gamma", "alpha OR delta OR invoices", '"alpha beta"'):
        compiled = querying.text_query(env, query, "query", None)
        assert compiled.content_words
        whole = Highlighter(env.searcher, env.schema, compiled.highlight, tags, env.analyzers.text)
        hits = page(index, query, size=100).hits
        for hit in hits:
            stored = env.searcher.doc(
                env.searcher.search(querying.Query.term_query(env.schema, "id", hit.id), 1).hits[0][1]
            )
            assert hit.highlights == whole.content_html(stored), (query, hit.id)


def test_non_ascii_text_before_a_match_keeps_the_mark_on_the_word(make_index: MakeIndex) -> None:
    """GIVEN a text with multi-byte characters before and between the matches
    WHEN "rechnung" is searched THEN exactly the words "Rechnung" are wrapped."""
    index = make_index(DocRecord(id=1, content="Größe € 5 — Rechnung über 10 €; zweite Rechnung"))
    highlights = page(index, "rechnung").hits[0].highlights
    assert highlights.count("<b>Rechnung</b>") == 2
