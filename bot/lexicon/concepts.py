"""Entity and synonym-group recognition over a token stream (one pass, dict lookups)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from ._resources import read_lines
from .gazetteer import TOKEN_RE, Alias, aliases_by_first
from .spelling import prepare, spelling_map
from .synonyms import synonym_map


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(w.lower() for line in read_lines("stopwords.txt") for w in line.split())


# General exception rules (not article-specific).
# A capitalised next word that makes a place name part of another name: "Washington Post",
# "Moscow Times", "Georgia State", "Indian Ocean", "Niger Delta", "Paris Saint-Germain".
FOLLOW_BLOCK = frozenset(
    """post times journal herald tribune gazette examiner chronicle monthly review state university
    college street avenue road square park zoo airport marathon consensus fc united city nationals
    commanders capitals wizards mystics redskins huskies cougars ocean sea delta saint""".split()
)
# A preceding word that makes it another place or a person: "New Mexico", "Latin America",
# "South America", "George Washington", "Lake Victoria", "Mount Lebanon", "Fort Worth".
PRECEDE_BLOCK = frozenset(
    "new latin south north central george denzel booker lake mount mt fort".split()
)
# Capitalised words that do not make a "person" name ambiguous ("Washington Tuesday").
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()
)


def _is_upper_word(tok: str) -> bool:
    return tok[:1].isupper()


def _match_entity(
    toks: list[str], lows: list[str], i: int, relax_multi: bool
) -> tuple[Alias, int, bool] | None:
    """Longest gazetteer alias starting at token i: (alias, tokens used, possessive) or None."""
    low = lows[i]
    cands = aliases_by_first().get(low)
    poss = False
    if cands is None:
        if low.endswith("'s"):
            cands = aliases_by_first().get(low[:-2])
            poss = True
        if cands is None:
            return None
    n = len(toks)
    for a in cands:
        k = 1 + len(a.rest)
        last_poss = poss
        if a.rest:
            if poss or i + k > n:
                continue
            ok = True
            for j, r in enumerate(a.rest, start=i + 1):
                lj = lows[j]
                if lj != r:
                    if j == i + k - 1 and lj.endswith("'s") and lj[:-2] == r:
                        last_poss = True
                    else:
                        ok = False
                        break
            if not ok:
                continue
        case = a.case
        if case == "exact":
            if tuple(toks[i : i + k]) != a.orig and not (
                k == 1 and poss and toks[i][:-2] == a.orig[0]
            ):
                continue
        elif case != "any" and not (relax_multi and k > 1):
            if not all(toks[i + j][:1].isupper() for j in a.caps):
                continue
        # general exception rules
        if i > 0 and lows[i - 1] in PRECEDE_BLOCK:
            continue
        nxt = i + k
        if not last_poss and nxt < n and lows[nxt] in FOLLOW_BLOCK and _is_upper_word(toks[nxt]):
            continue
        if case == "person":
            prev = toks[i - 1] if i > 0 else ""
            if prev[:1].isalpha() and prev[:1].isupper() and lows[i - 1] not in stopwords():
                continue
            if (
                not last_poss
                and nxt < n
                and toks[nxt][:1].isalpha()
                and toks[nxt][:1].isupper()
                and lows[nxt] not in _CALENDAR
                and lows[nxt] not in stopwords()
            ):
                continue
        return a, k, last_poss
    return None


@lru_cache(maxsize=1)
def _next_words() -> dict[str, frozenset[str]]:
    """First words that only start longer aliases ("the" in "The Gambia") -> every second token
    that can follow them in an alias, with its possessive."""
    return {
        first: frozenset(w for a in aliases for w in (a.rest[0], a.rest[0] + "'s"))
        for first, aliases in aliases_by_first().items()
        if all(a.rest for a in aliases)
    }


def _may_continue(low: str, lows: list[str], i: int) -> bool:
    """False when no alias starting with ``low`` can match at token i.
    perf: "the" starts a few country names and most sentences; this spares a full match."""
    following = _next_words().get(low)
    if following is None:
        return True
    return i + 1 < len(lows) and lows[i + 1] in following


# perf: TOKEN_RE for ASCII text, ~20% faster to match; in ASCII mode \s lacks \x1c-\x1f, which
# Unicode mode counts as space, so the punctuation class leaves them out itself
_ASCII_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:'\w+)*|[^\w\s\x1c-\x1f]", re.ASCII)


def tokenize(text: str) -> tuple[list[str], list[str], str]:
    """(tokens, lowercase tokens, lowercase text) of prepare()d text."""
    low = text.lower()
    toks = (_ASCII_TOKEN_RE if text.isascii() else TOKEN_RE).findall(text)
    lows = "\n".join(toks).lower().split("\n")  # one C-level lower(); "\n" is never in a token
    if len(lows) != len(toks):  # defensive: cannot happen unless lower() yields a newline
        lows = [t.lower() for t in toks]
    return toks, lows, low


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(word -> synonym group incl. British/informal variants, entity first words incl. possessives,
    every token that can start a concept)."""
    syn = dict(synonym_map())
    for variant, american in spelling_map().items():
        g = syn.get(american)
        if g is not None:
            syn.setdefault(variant, g)
    first = frozenset(aliases_by_first())
    ent = first | frozenset(k + "'s" for k in first)
    return syn, ent, ent | frozenset(syn)


def concept_tokens_prepared(text: str) -> list[str]:
    toks, lows, _ = tokenize(text)
    return concepts_of_tokens(toks, lows)


def concepts_of_tokens(toks: list[str], lows: list[str]) -> list[str]:
    syn, ent, keys = _tables()
    if keys.isdisjoint(lows):
        return []
    out: dict[str, None] = {}
    skip_to = 0
    for i in [i for i, w in enumerate(lows) if w in keys]:
        if i < skip_to:
            continue
        low = lows[i]
        if low in ent and _may_continue(low, lows, i):
            m = _match_entity(toks, lows, i, False)
            if m is not None:
                out[m[0].token] = None
                skip_to = i + m[1]
                continue
        g = syn.get(low)
        if g is not None:
            out[g] = None
    return list(out)


def concept_tokens(text: str) -> list[str]:
    """Canonical entity and synonym-group tokens mentioned in text, deduplicated, in order."""
    return concept_tokens_prepared(prepare(text))


@dataclass(frozen=True)
class QueryTerm:
    surface: str
    alternatives: tuple[str, ...]
    kind: Literal["entity", "synonym", "word"]


_VERB_ENDINGS = ("ed", "es", "ing", "e")


def _sis_counterpart(word: str) -> str | None:
    """The noun in -sis of a verb, or the verb of such a noun: "diagnosed" ↔ "diagnosis",
    "analysis" ↔ "analyse". Their stems differ ("diagnos", "diagnosi"), so without it "Clinton was
    diagnosed with pneumonia" misses "her pneumonia diagnosis". Long words only: "crisis", "thesis"
    and "basis" have no such verb."""
    if len(word) >= 8 and word.endswith("sis"):
        return word[:-2] + "e"
    for ending in _VERB_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 6 and base.endswith(("os", "ys")):
            return base + "is"
    return None


def query_terms(text: str) -> list[QueryTerm]:
    """Content terms of a claim/phrase: entities (one term per mention), synonym words, other words."""
    t = prepare(text)
    toks, lows, _ = tokenize(t)
    relax = not any(c.isupper() for c in t)  # an all-lowercase query: "white house" still counts
    syn = synonym_map()
    spell = spelling_map()
    stop = stopwords()
    first = aliases_by_first()
    out: list[QueryTerm] = []
    seen: set[tuple[str, ...]] = set()
    i, n = 0, len(toks)
    while i < n:
        tok, low = toks[i], lows[i]
        if not tok[:1].isalnum():
            i += 1
            continue
        if low in first or (low.endswith("'s") and low[:-2] in first):
            m = _match_entity(toks, lows, i, relax)
            if m is not None:
                a, k, _ = m
                surface = " ".join(toks[i : i + k]).replace(" . ", ". ").replace(" - ", "-")
                alts = (a.token,)
                if alts not in seen:
                    seen.add(alts)
                    out.append(QueryTerm(surface, alts, "entity"))
                i += k
                continue
        i += 1
        w = low[:-2] if low.endswith("'s") else low
        w = spell.get(w, w)
        if w in stop or low in stop:
            continue
        g = syn.get(w)
        if g is not None:
            alts = (w, g)
            kind = "synonym"
        else:
            noun_or_verb = _sis_counterpart(w)
            alts = (w, noun_or_verb) if noun_or_verb else (w,)
            kind = "word"
        if alts not in seen:
            seen.add(alts)
            out.append(QueryTerm(tok, alts, kind))  # type: ignore[arg-type]
    return out


ENTITY_SPELLING_MIN = 85  # rapidfuzz ratio: "Rusia" -> "russia" is 91, "Irak" -> "iraq" 75 (too far to be sure)


@lru_cache(maxsize=1)
def _one_word_names() -> dict[str, str]:
    """Lowercase one-word gazetteer names of four letters or more -> their entity token."""
    return {first: a.token for first, aliases in aliases_by_first().items() for a in aliases
            if not a.rest and len(first) >= 4 and first.isalpha()}


def nearest_entity(word: str) -> QueryTerm | None:
    """The entity a misspelt one-word name most likely means ("Rusia" -> Russia), or None."""
    low = word.lower()
    if len(low) < 4 or not low.isalpha():
        return None
    found = process.extractOne(low, _one_word_names().keys(), scorer=fuzz.ratio, score_cutoff=ENTITY_SPELLING_MIN)
    return QueryTerm(word, (_one_word_names()[found[0]],), "entity") if found else None
