"""Character and spelling normalisation: NFKC, straight quotes, '-' dashes, American spelling."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ._resources import read_lines

_PUNCT = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02b9\uff07\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u301d\u301e\uff02", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b", "-"),
        "\u00a0": " ", "\u200b": None, "\u00ad": None, "\ufeff": None,
    }
)
# Letters-only words: "colour's" -> "colour", "'", "s"; keeps boundaries intact.
_WORD_RE = re.compile(r"[^\W\d_]+")


_PUNCT_RE = re.compile("[" + "".join(sorted(chr(c) for c in _PUNCT)) + "]")


_PUNCT_STR = {chr(k): (v or "") for k, v in _PUNCT.items()}


def _punct_repl(m: re.Match[str]) -> str:
    return _PUNCT_STR[m.group()]


def prepare(text: str) -> str:
    """NFKC, curly quotes/apostrophes to straight ones, dashes to '-' (case kept)."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = _PUNCT_RE.sub(_punct_repl, text)  # (str.translate with a dict is ~10x slower)
    return text


@lru_cache(maxsize=1)
def spelling_map() -> dict[str, str]:
    """variant (lowercase) -> American standard spelling (lowercase)."""
    out: dict[str, str] = {}
    for line in read_lines("spelling.tsv"):
        k, v = line.split("\t")
        out[k] = v
    return out


@lru_cache(maxsize=1)
def _keys() -> frozenset[str]:
    return frozenset(spelling_map())


@lru_cache(maxsize=1)
def _token_keys() -> frozenset[str]:
    # variants as whole tokens, possessive tokens, and hyphen/apostrophe pieces are all covered
    k = _keys()
    return k | frozenset(w + "'s" for w in k) | frozenset(w + "'" for w in k)


def american(word: str) -> str:
    """One lowercase word to its American standard spelling (itself if unknown)."""
    return spelling_map().get(word, word)


def normalize_prepared(text: str, tokens: list[str] | None = None, low: str | None = None) -> str:
    """normalize_text on prepare()d text; `tokens`/`low` may pass its lowercase tokens and text."""
    if low is None:
        low = text.lower()
    if tokens is not None:
        if _token_keys().isdisjoint(tokens):
            return low
    elif _keys().isdisjoint(_WORD_RE.findall(low)):
        return low
    m = spelling_map()
    return _WORD_RE.sub(lambda mo: m.get(mo.group(), mo.group()), low)


def normalize_text(text: str) -> str:
    """NFKC, straight quotes, '-' dashes, lowercase, British/informal spellings to American."""
    return normalize_prepared(prepare(text))
