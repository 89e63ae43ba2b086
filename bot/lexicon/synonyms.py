"""General news synonym groups (data/synonyms.tsv) expanded to inflected forms at load time."""
from __future__ import annotations

import re
from functools import lru_cache

from ._resources import read_lines

PREFIX = "syn"
_VOWELS = "aeiou"


def _plural(w: str) -> list[str]:
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return [w + "es"]
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        return [w[:-1] + "ies"]
    return [w + "s"]


def _verb_forms(w: str) -> list[str]:
    out = _plural(w)
    if w.endswith("e"):
        out += [w + "d", (w[:-2] + "ying") if w.endswith("ie") else (w + "ing" if w.endswith("ee") else w[:-1] + "ing")]
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        out += [w[:-1] + "ied", w + "ing"]
    else:
        out += [w + "ed", w + "ing"]
        # consonant-vowel-consonant ending: both doubled and plain forms (over-generation is harmless)
        if re.search(r"[^aeiou][aeiou][b-df-hj-np-tvz]$", w):
            out += [w + w[-1] + "ed", w + w[-1] + "ing"]
    return out


@lru_cache(maxsize=1)
def _irregular() -> dict[str, tuple[str, ...]]:
    out = {}
    for line in read_lines("irregular_verbs.tsv"):
        base, forms = line.split("\t")
        out[base] = tuple(forms.split())
    return out


@lru_cache(maxsize=1)
def synonym_map() -> dict[str, str]:
    """inflected lowercase word -> group token ("synprovide")."""
    irregular = _irregular()
    out: dict[str, str] = {}
    for line in read_lines("synonyms.tsv"):
        head, members = line.split("\t")
        tok = PREFIX + re.sub(r"[^a-z]", "", head.lower())
        for m in members.split():
            if m.startswith("="):
                forms = [m[1:]]
            elif m.endswith("/n"):
                forms = [m[:-2]] + _plural(m[:-2])
            elif m.endswith("/v"):
                forms = _verb_forms(m[:-2])[1:] + list(irregular.get(m[:-2], ()))  # not base/plural: nouns win
            else:
                forms = [m] + _verb_forms(m) + list(irregular.get(m, ()))
            for f in forms:
                out.setdefault(f, tok)
    return out


@lru_cache(maxsize=1)
def group_tokens() -> frozenset[str]:
    return frozenset(synonym_map().values())
