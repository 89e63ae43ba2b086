"""Sentence splitting for news text: abbreviations, initials and closing quote marks aware.

Linear in the input: one regex pass finds candidate boundaries, each checked in O(1).
"""

from __future__ import annotations

import re

# Words after which a period does not end a sentence (lower-case, without the period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj pres st jr sr rev hon fr
    messrs mme mlle sr sra supt insp det cpl pvt amb
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vol pp fig inc corp co ltd llc bros dept univ assn est approx vs etc al
    u.s u.k u.n e.u d.c a.m p.m i.e e.g
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)

# Abbreviations that often end a sentence ("... aimed at the U.S. They ..."): a boundary when the
# next word is an opening quote mark or a word that usually starts sentences.
_CAN_END = frozenset("u.s u.k u.n e.u d.c a.m p.m etc inc corp co ltd jr sr al".split())
# Abbreviations that stand before a number ("No. 5", "pp. 12"): elsewhere the word ends a sentence
# ("Baker voted no. “We …”").
_BEFORE_NUMBER = frozenset("no nos vol pp fig".split())
_STARTERS = frozenset(
    "the he she it they we i but and in this that a an his her their our as at on when while after if"
    " there its some many one two three for yet still however meanwhile".split()
)
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_NEXT_WORD = re.compile(r"""\s+(["'“‘(\[]*)([A-Za-z0-9]+)""")
# (tried only where boundary_matches finds one of the characters its lookahead names)
_BOUNDARY = re.compile(r"""(?=[.!?…\n])(?:[.!?…]+["'”’)\]]*(?=\s+)|\n\s*\n|\n)""")
_NEXT_START = re.compile(r"""\s+["'“‘(\[]*([A-Z0-9])""")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in boundary_matches(text):
        end = match.end()
        if not match.group().strip():  # a line break always ends a sentence
            _add(spans, text, start, match.start())
            start = end
            continue
        if not _is_boundary(text, match.start(), end):
            continue
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def boundary_matches(text: str) -> list[re.Match[str]]:
    """What ``_BOUNDARY.finditer(text)`` finds: the candidate boundaries, in order.

    perf: ``str.find`` jumps to each character a boundary can start with, in C, and the regex is
    tried there only; a regex scan steps through every character of the text."""
    marks: list[int] = []
    for mark in ".!?…\n":
        i = text.find(mark)
        while i != -1:
            marks.append(i)
            i = text.find(mark, i + 1)
    marks.sort()
    found: list[re.Match[str]] = []
    resume = 0  # finditer goes on from the end of its last match
    for at in marks:
        if at >= resume:
            match = _BOUNDARY.match(text, at)
            if match is not None:
                found.append(match)
                resume = match.end()
    return found


def split_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def _is_boundary(text: str, punct_start: int, end: int) -> bool:
    following = _NEXT_START.match(text, end)
    if following is None:  # next sentence starts lower-case: probably an abbreviation mid-sentence
        return False
    if text[punct_start] != ".":
        return True
    # Look at the word the period belongs to.
    before = _word_before_period(text, max(0, punct_start - 12), punct_start)
    if not before:
        return True
    word = before.lower().rstrip(".")
    if word in _BEFORE_NUMBER:
        return not text[end:end + 4].lstrip()[:1].isdigit()
    if word in ABBREVIATIONS:
        # "U.S." at the end of a sentence followed by a capitalised word is ambiguous;
        # titles (Mr., Dr.) never end sentences, "U.S." does when a quotation or "The"/"He" follows.
        if word in _CAN_END:
            nxt = _NEXT_WORD.match(text, end)
            return nxt is not None and (bool(nxt.group(1)) or nxt.group(2).lower() in _STARTERS)
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return False
    if _INITIALS.fullmatch(word):  # initials: "J.D. Vance", "George H.W. Bush"
        return False
    return True


def _word_before_period(text: str, lo: int, period: int) -> str:
    """The word of letters and periods that ends at ``text[period]`` (a period) and starts with a
    letter at or after ``lo``; "" when there is none. perf: read backwards from the period, where a
    regex search (``([A-Za-z][A-Za-z.]*)[.]$``) tried every position before it."""
    k = period
    while k > lo and ("a" <= text[k - 1] <= "z" or "A" <= text[k - 1] <= "Z" or text[k - 1] == "."):
        k -= 1
    while k < period and text[k] == ".":
        k += 1
    return text[k:period]


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
