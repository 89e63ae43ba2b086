"""Property tests: hostile input never breaks the parser, the extractor, the query builders or the engine.

Inputs mix arbitrary Unicode (control characters included, surrogates excluded), unbalanced quote
marks of every kind, FTS5 syntax, SQL metacharacters, markup and very long lines. The properties:

- ``parse_article`` (text, markdown, html) returns a ParsedArticle or raises ``InputError`` — nothing else;
- ``extract_quotes`` never raises; every quote's offsets lie inside the body and its kind is known;
- ``understand`` always routes to one of the three questions;
- ``bot.fts.any_of`` / ``trigram_any`` always build a query SQLite's FTS5 accepts (user text is never syntax);
- ``bot.lexicon.query_terms`` / ``index_text`` never raise, and what ``index_text`` yields indexes;
- the engine's questions (and ``ask``) never raise on the seeded corpus, and every score is in [0, 1];
- ingesting hostile text (NULs and all) ends in a result (added, copy, duplicate or error), never an exception.

Speed is not asserted here (linear time is checked elsewhere, not with a timer).
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import fts
from bot.ask import understand
from bot.decoding import InputError
from bot.extraction import extract_quotes
from bot.lexicon import index_text, query_terms
from bot.models import ParsedArticle
from bot.parsing import parse_article
from bot.storage import Scope
from bot.storage.migrations import _FTS_TOKENIZER
from bot.storage.scope import Filters

# --- strategies ---------------------------------------------------------------------------------

QUOTES = ['"', "“", "”", "‘", "’", "«", "»", "„", "'", "‹", "›", "``", "''"]
FTS_SYNTAX = [
    "NEAR(", "NEAR(a b, 2)", "AND", "OR", "NOT", "*", "^", ":", "(", ")", '"', '""', "col:word", "-", "+",
    "{a b}:", "a*", "^start", "NEAR/3",
]
SQL_META = ["'; DROP TABLE articles; --", "--", "%", "_", "' OR '1'='1", ";", "/*", "*/", "\\", "\x00", "%_%"]
MARKUP = [
    "<p>", "</p>", "<div>", "</div>", "<script>alert(1)</script>", "<!--", "-->", "&amp;", "&#0;", "&#x110000;",
    "<html><body>", "<article>", "<br>", "# ", "## ", "> ", "* ", "- ", "```", "[link](http://x)", "![i](y)",
    "| a | b |", "---", "\n\n", "\n", "\r", "\r\n", "\t", "\u2028", "\u2029", "\ufeff", "\u200b", "\u00a0",
]
NEWSY = [
    "said", "told reporters", "according to", "he said", "she added", "Mr. Putin", "Pete Hegseth", "the Kremlin",
    "one official", "We are not neutral", "Russia", "Iran", "Washington Post", "March 7, 2026", "WASHINGTON —",
    "Published 2026-03-07", "By Jane Doe", ".", ",", "?", "!", "…", "—",
]

any_unicode = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)  # controls included
token = st.one_of(
    any_unicode,
    st.sampled_from(QUOTES),
    st.sampled_from(FTS_SYNTAX),
    st.sampled_from(SQL_META),
    st.sampled_from(MARKUP),
    st.sampled_from(NEWSY),
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
)
joined = st.lists(token, max_size=40).flatmap(
    lambda parts: st.sampled_from(["", " ", "\n"]).map(lambda sep: sep.join(parts))
)
long_line = st.tuples(st.lists(token, min_size=1, max_size=6).map(" ".join), st.integers(200, 3000)).map(
    lambda t: (t[0] + " ") * t[1]
)
hostile = st.one_of(st.just(""), st.just("   \n\t "), any_unicode, joined, joined, joined, long_line)
short_hostile = st.one_of(st.just(""), any_unicode, joined)  # for questions (kept short: each one is a query)

KINDS = {"direct", "partial", "indirect"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- regression: an empty quote piece once misaligned the extractor's quote mask ----------------------

MASK_BUG_EXAMPLES = [
    "Officials met on Tuesday.\n\n“\n\n“We will fight on,” Jane Doe said.",
    "He told them: “\n\n“We will win,” she said.",
    '"\n\n“‘',
]


@pytest.mark.parametrize("body", MASK_BUG_EXAMPLES)
def test_an_empty_quote_piece_does_not_break_the_extractor(body):
    check_quotes(body)


async def test_ingest_text_answers_even_for_an_empty_quote_piece(empty_desk):
    result = await empty_desk.ingest_text(MASK_BUG_EXAMPLES[0] + " More words to pass the minimum length.", "a.txt")
    assert result.status in {"added", "error"}


def check_quotes(body: str) -> None:
    for quote in extract_quotes(body):
        assert quote.kind in KINDS, quote
        assert 0 <= quote.start <= quote.end <= len(body), (quote.start, quote.end, len(body))
        assert isinstance(quote.text, str) and isinstance(quote.sentence, str)
        if quote.speaker is not None:
            assert quote.speaker.kind in {"person", "body", "anonymous", "group"}


# An FTS5 table per tokenizer the store uses, to prove the built queries parse as FTS5.
_fts = sqlite3.connect(":memory:")
_fts.execute(f"CREATE VIRTUAL TABLE words_fts USING fts5(t, tokenize='{_FTS_TOKENIZER}')")
_fts.execute("CREATE VIRTUAL TABLE grams_fts USING fts5(t, tokenize='trigram')")
_fts.execute("INSERT INTO words_fts (t) VALUES ('we are not neutral near and or not'), ('the kremlin said')")
_fts.execute("INSERT INTO grams_fts (t) VALUES ('hegseth'), ('kremlin'), ('neutral')")


def match(table: str, query: str | None) -> None:
    if query is not None:
        assert isinstance(query, str) and query
        _fts.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (query,)).fetchall()


PROPERTY_SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- pure functions ---------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(text=hostile, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_parser_returns_an_article_or_raises_input_error(text, fmt):
    try:
        parsed = parse_article(text, fmt)
    except InputError:
        return
    assert isinstance(parsed, ParsedArticle) and isinstance(parsed.body, str)
    assert parsed.date is None or ISO_DATE.fullmatch(parsed.date), parsed.date
    check_quotes(parsed.body)  # what the parser keeps goes straight to the extractor


@PROPERTY_SETTINGS
@given(body=hostile)
def test_extractor_offsets_lie_in_the_body(body):
    check_quotes(body)


@settings(max_examples=150, deadline=None)
@given(
    opening=st.sampled_from(QUOTES),
    closing=st.sampled_from(QUOTES + [""]),
    words=st.lists(st.sampled_from(NEWSY + ["we", "will", "win"]), min_size=0, max_size=12).map(" ".join),
    tail=st.sampled_from(["", " said Jane Doe.", ", he said.", " — Mr. Putin", "\n\n“"]),
)
def test_extractor_survives_unbalanced_quotes(opening, closing, words, tail):
    for body in (f"{opening}{words}{closing}{tail}", f"{words}{opening}{tail}{closing}", opening * 50 + words):
        check_quotes(body)


@PROPERTY_SETTINGS
@given(question=hostile)
def test_understand_always_routes(question):
    understood = understand(question)
    assert understood.intent in {"whosaid", "quotes", "sources"}
    assert isinstance(understood.text, str)
    assert understood.about is None or isinstance(understood.about, str)
    understood.as_dict()
    understood.describe()


@PROPERTY_SETTINGS
@given(text=hostile, prefix_min=st.sampled_from([0, 3, 4]))
def test_fts_queries_are_always_valid_fts5(text, prefix_min):
    match("words_fts", fts.any_of([text], prefix_min=prefix_min))
    match("words_fts", fts.any_of(text.split(), prefix_min=prefix_min))
    match("grams_fts", fts.trigram_any(text))
    for word in fts.words(text)[:5]:
        match("words_fts", fts.prefixed(word))


@PROPERTY_SETTINGS
@given(text=hostile)
def test_lexicon_never_raises_and_its_index_text_indexes(text):
    terms = query_terms(text)
    assert all(t.kind in {"entity", "synonym", "word"} and t.alternatives for t in terms)
    indexed = index_text(text)
    assert isinstance(indexed, str)
    cursor = _fts.execute("INSERT INTO words_fts (t) VALUES (?)", (indexed,))
    _fts.execute("DELETE FROM words_fts WHERE rowid = ?", (cursor.lastrowid,))
    match("words_fts", fts.any_of([t for term in terms for t in term.alternatives]))


# --- the engine on the seeded corpus ----------------------------------------------------------------

ENGINE_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def scores_ok(results) -> None:
    for result in results:
        assert 0.0 <= result.score <= 1.0, result.score


@ENGINE_SETTINGS
@given(phrase=short_hostile, claim=short_hostile, speaker=short_hostile, about=st.none() | short_hostile)
async def test_the_three_questions_never_raise(desk, phrase, claim, speaker, about):
    scope = Scope.all()
    scores_ok((await desk.whosaid(phrase, scope)).results)
    sources = await desk.sources(claim, scope, Filters(outlet=speaker or None))
    scores_ok(sources.results)
    try:
        quotes = await desk.quotes(speaker, Scope.guild(7), about=about)
        scores_ok(quotes.results)
    except InputError as refused:  # only a "name" with no letter or digit in it is refused
        assert str(refused) == "give a speaker's name, or their #number" and not any(ch.isalnum() for ch in speaker[:300])
    await desk.speaker_names(speaker, scope)


@ENGINE_SETTINGS
@given(question=short_hostile, prefix=st.sampled_from(["who said ", "what did ", "sources for ", "", "“"]))
async def test_ask_never_raises(desk, question, prefix):
    try:
        answer = await desk.ask(prefix + question + (" say" if prefix == "what did " else ""), Scope.all())
    except InputError as refused:  # only a question with nothing to look for (or no one to ask about) is refused
        assert str(refused) in ("give some words to look for", "give a speaker's name, or their #number") \
            or "is not a question I can answer" in str(refused)  # a lone word that names no one ("hello")
        return
    scores_ok(answer.answer.results)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=hostile, name=st.sampled_from(["a.txt", "a.md", "a.html", "pasted"]))
async def test_ingesting_hostile_text_is_an_answer_not_an_exception(empty_desk, text, name):
    result = await empty_desk.ingest_text(text, name)
    assert result.status in {"added", "copy", "duplicate", "error"}, result
    if result.status == "error":
        assert result.message
    else:
        view = await empty_desk.article(result.article_id, Scope.all())
        assert view is not None
        for quote in view.quotes:
            assert quote.kind in KINDS
