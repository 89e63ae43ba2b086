"""Where a claim came from, read from the articles' own words, never inferred from dates.

"first reported by The Washington Post", "sources told The Washington Post", "according to
Reuters", "The Guardian reported" each name an origin; "first reported" outweighs the others.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from bot.models import Origin

_NAME = r"(?P<name>(?:[Tt]he )?[A-Z][\w&.'’-]*(?:\s+(?:of\s+)?[A-Z][\w&.'’-]*){0,4})"
_FIRST_REPORT = 3  # the weight of "first reported by X", above every other way of naming a source
_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"\b(?:first|originally|initially) reported by {_NAME}"), 3),
    (re.compile(rf"{_NAME},? (?:which |who )?(?:first|originally) reported\b"), 3),
    (re.compile(rf"\b(?:first|originally) (?:published|revealed|broke|disclosed) by {_NAME}"), 3),
    (re.compile(rf"\b(?:sources?|officials?|people|persons?)\b[^.;]{{0,60}}?\btold {_NAME}"), 2),
    (re.compile(rf"\b(?:reported|revealed|disclosed) by {_NAME}"), 2),
    (re.compile(rf"\baccording to (?:a |an )?(?:report (?:by|in|from) )?{_NAME}"), 1),
    (re.compile(rf"{_NAME}(?<!['’]s) (?:reported|revealed|disclosed)\b"), 1),  # not "Russia's reported aid"
    (re.compile(rf"\b(?:the )?{_NAME}(?:'s|’s) report\b"), 1),
]
# Capitalised words that start sentences or name people rather than publishers.
_NOT_ORIGINS = frozenset({"it", "this", "that", "the", "he", "she", "they", "we", "i", "earlier", "later"})


# A sentence that opens by pointing back ("That allegation was first reported by …", "It was first
# reported by …") speaks of the sentence before it, never of the one after.
_POINTS_BACK = re.compile(
    r"^\W*(?:(?:that|this|these|those|such|it)\b"
    r"|the (?:same )?(?:claim|report|allegation|account|story|news|information|finding|revelation|assertion)s?\b)",
    re.IGNORECASE,
)


def leads_in(sentence: str) -> bool:
    """Whether a sentence may name where the next one's news came from: it introduces what follows
    ("… reported:") or names a first report ("The Post first reported the talks on Monday.")."""
    return sentence.rstrip().endswith(":") or any(
        pattern.search(sentence) for pattern, strength in _PATTERNS if strength == _FIRST_REPORT
    )


def points_back(sentence: str) -> bool:
    """Whether the sentence opens by referring to what came just before it."""
    return _POINTS_BACK.match(sentence) is not None


def find_origin(sentences: Iterable[str]) -> Origin | None:
    """The best-attested origin among these sentences, with the sentence that says so."""
    weight: dict[str, int] = defaultdict(int)
    evidence: dict[str, tuple[int, str]] = {}
    spelled: dict[str, str] = {}
    for sentence in sentences:
        for pattern, strength in _PATTERNS:
            for match in pattern.finditer(sentence):
                name = _clean(match.group("name"))
                if not name:
                    continue
                key = name.lower().removeprefix("the ")
                weight[key] += strength
                spelled.setdefault(key, name)
                if strength > evidence.get(key, (0, ""))[0]:
                    evidence[key] = (strength, sentence)
                if len(name) > len(spelled[key]):
                    spelled[key] = name
    if not weight:
        return None
    _fold_short_names(weight, evidence, spelled)
    best = max(weight, key=lambda key: (weight[key], len(key)))
    return Origin(name=spelled[best], evidence=evidence[best][1])


def _clean(name: str) -> str | None:
    name = name.strip(" ,.;:'’")
    name = re.sub(r"\s+(?:on|in|that|this|last|earlier|Friday|Monday|Tuesday|Wednesday|Thursday|Saturday|Sunday)\b.*$", "", name)
    if name.lower().removeprefix("the ") in _NOT_ORIGINS or len(name) < 2:
        return None
    if name.startswith("the "):
        name = "The " + name[4:]
    return name


def _fold_short_names(weight: dict[str, int], evidence: dict[str, tuple[int, str]], spelled: dict[str, str]) -> None:
    """"the Post" is the same origin as "The Washington Post" when that is also named."""
    for short in list(weight):
        longer = [key for key in weight if key != short and key.endswith(" " + short)]
        if len(longer) == 1:
            target = longer[0]
            weight[target] += weight.pop(short)
            if evidence[short][0] > evidence[target][0]:
                evidence[target] = evidence[short]
            evidence.pop(short)
            spelled.pop(short)
