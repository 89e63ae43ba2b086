"""QuoteDesk lexicon: spelling normalisation, a general country gazetteer and news synonym groups.

Everything is pure Python + data files in ``bot/lexicon/data/`` (loaded lazily, once).

    normalize_text("Defences thru the Centre")  -> "defenses through the center"
    concept_tokens("Moscow is feeding Tehran data") -> ["russia", "synprovide", "iran", "syninformation"]
    index_text(s)  -> normalize_text(s) + " " + " ".join(concept_tokens(s))   (the FTS column)
    query_terms("Moscow is feeding Tehran data on American warships") -> [QueryTerm(...), ...]
"""
from __future__ import annotations

import re

from .concepts import QueryTerm, concept_tokens, concepts_of_tokens, nearest_entity, query_terms, stopwords, tokenize
from .gazetteer import entity_tokens
from .spelling import normalize_prepared, normalize_text, prepare
from .synonyms import group_tokens

__all__ = [
    "STOPWORDS",
    "QueryTerm",
    "concept_tokens",
    "content_words",
    "entity_tokens",
    "group_tokens",
    "index_text",
    "nearest_entity",
    "normalize_text",
    "query_terms",
]


def index_text(text: str) -> str:
    """What storage puts in the FTS column: normalized text + the concept tokens."""
    t = prepare(text)
    toks, lows, low = tokenize(t)
    concepts = concepts_of_tokens(toks, lows)
    norm = normalize_prepared(t, lows, low)
    return norm + " " + " ".join(concepts) if concepts else norm + " "


# pieces a word splitter leaves of contractions ("don't" -> "don", "t"): no content of their own
_CONTRACTED = frozenset("don doesn didn isn aren wasn weren won wouldn couldn shouldn haven hasn hadn can ain".split())


def content_words(text: str) -> list[str]:
    """The words of ``text`` that say something: not stopwords, contraction pieces or letters."""
    stop = stopwords()
    return [w for w in _WORD.findall(text.lower()) if w not in stop and w not in _CONTRACTED and len(w) > 2]


_WORD = re.compile(r"\w+")


def __getattr__(name: str):  # STOPWORDS is loaded lazily on first access
    if name == "STOPWORDS":
        return stopwords()
    raise AttributeError(name)
