"""Building FTS5 queries from what users type, safely.

User text never reaches MATCH as syntax: it is cut into words, and each word is emitted as a
double-quoted FTS5 string, so `NEAR`, `AND`, `*`, `^`, `:`, quotes and parentheses are plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set as AbstractSet

import snowballstemmer

from bot.memo import Memo

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ASCII_WORD = re.compile(r"[^\W_]+", re.ASCII)  # perf: the same words in ASCII text, ~20% faster
_stemmer = snowballstemmer.stemmer("porter")  # the same algorithm as FTS5's porter tokenizer


CONCEPT_PREFIX = "syn"  # synonym-group tokens (bot.lexicon): exact only, never prefixes


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


# word -> its stem (the stemmer lowercases: str.lower is idempotent)
_stem_cache: Memo[str, str] = Memo(lambda word: _stemmer.stemWord(word.lower()), 65536)


def stem(word: str) -> str:
    return _stem_cache[word]


def stems(text: str) -> set[str]:
    # perf: stemming lowercases (str.lower is idempotent), so the words need no lower() of their
    # own, and map() keeps the loop in C
    return set(map(_stem_cache.__getitem__, (_ASCII_WORD if text.isascii() else _WORD).findall(text)))


def topic_words(*search_texts: str) -> str:
    """The stems of index texts (see bot.lexicon.index_text), space-delimited with a space at each
    end: what a quote and its sentence are about, stored with the quote and split when asked."""
    return topic_line(set().union(*(stems(text) for text in search_texts)))


def topic_line(found: AbstractSet[str]) -> str:
    """:func:`topic_words` of stems already found (by :func:`stems`)."""
    return " " + " ".join(sorted(found)) + " "


def quoted(token: str) -> str:
    """One FTS5 string literal (a double quote inside is doubled)."""
    return '"' + token.replace('"', '""') + '"'


def any_of(tokens: Iterable[str], *, prefix_min: int = 0) -> str | None:
    """``"a" OR "b" OR "pre"*``: rows holding any token; with ``prefix_min``, long words also
    match by their first ``prefix_min`` letters (misspellings usually keep the start)."""
    parts: list[str] = []
    seen: set[str] = set()
    for token in tokens:
        for word in words(token):
            if word not in seen:
                seen.add(word)
                parts.append(quoted(word))
            if prefix_min and len(word) > prefix_min + 1 and not word.startswith(CONCEPT_PREFIX):
                head = word[:prefix_min]
                if head + "*" not in seen:
                    seen.add(head + "*")
                    parts.append(quoted(head) + "*")
    return " OR ".join(parts) if parts else None


def prefixed(token: str) -> str:
    """An FTS5 prefix query for one (already indexed) term."""
    return quoted(token) + "*"


def trigram_any(text: str) -> str | None:
    """Trigram-index query for fuzzy lookup: any 3-letter piece of the folded text."""
    folded = " ".join(words(text))
    grams = {folded[i : i + 3] for i in range(len(folded) - 2)}
    grams = {g for g in grams if " " not in g}
    return " OR ".join(quoted(g) for g in sorted(grams)) if grams else None
