"""Quoted speech: which quotations a cue covers, and who owns the quotations no cue touches.

* a cue's content that is nothing but quotations is direct speech; quotations inside a reported
  clause are partial quotes of the same speaker;
* "“A,” he said. “B.”" is one statement in two pieces;
* a quotation that stands as its own sentence after X's words is X's (same or next paragraph);
* lead-ins: "X said:" or a line "Russian Ambassador to the United Kingdom:" before the quotation;
* dash attributions: "“…” — Name";
* everything else (scare quotes, titles such as “60 Minutes”) is not a statement.
"""

from __future__ import annotations

import bisect
import re

from .quotemarks import QuoteGroup, lines_with_text
from .reported import Found
from .subjects import Phrase, first_subject, subject_after

_WORDY = re.compile(r"[A-Za-z]")
_DASH = re.compile(r"\s*(?:[—–]|--)\s*")
_LINE_COLON = re.compile(r"\s*([A-Z][^:\n.!?“”\"]{1,70}?)\s*:(?=\s|$)")
_ROLE_LINE_MAX_WORDS = 10


class Paragraphs:
    """Paragraph lookup by offset (paragraphs are lines)."""

    def __init__(self, text: str) -> None:
        self.spans = lines_with_text(text)
        self.starts = [s for s, _ in self.spans]

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def first_char(self, i: int, text: str) -> int:
        s, e = self.spans[i]
        return s + len(text[s:e]) - len(text[s:e].lstrip())


def settle(
    body: str, masked: str, found: list[Found], groups: list[QuoteGroup], sentences: list[tuple[int, int]], paras: Paragraphs
) -> list[Found]:
    starts = [g.outer_start for g in groups]
    used: set[int] = set()
    out: list[Found] = []
    sentence_starts = {s for s, _ in sentences}

    # a quotation over several paragraphs ends in a later one: “A … ¶ “B,” she said — the cue's
    # content is the last piece, and the statement is the whole quotation
    continued = sorted((outer[0], k) for k, g in enumerate(groups) for outer in g.outer[1:])
    continued_starts = [start for start, _ in continued]

    def inside(a: int, b: int) -> list[int]:
        i = bisect.bisect_left(starts, a)
        j = bisect.bisect_left(starts, b, lo=i)
        found = list(range(i, min(j, i + 40)))  # at most 40 quotations in one statement
        if continued:
            c = bisect.bisect_left(continued_starts, a)
            while c < len(continued) and continued_starts[c] < b:
                k = continued[c][1]
                if k < i and k not in found and not _introduced_by_colon(masked, groups[k].outer_start):
                    found.insert(0, k)
                c += 1
        return found

    # each quotation belongs to the nearest cue whose content holds it
    owner: dict[int, int] = {}
    for k, f in enumerate(found):
        if f.lead_in or f.start == f.end:
            continue
        for a, b in f.pieces or [(f.start, f.end)]:
            for i in inside(a, b):
                d = abs(groups[i].outer_start - f.cue_start)
                if i not in owner or d < abs(groups[i].outer_start - found[owner[i]].cue_start):
                    owner[i] = k

    # 1. cue-led statements: direct when the content is quotations only, partials inside clauses
    for k, f in enumerate(found):
        if f.lead_in or f.start == f.end:
            out.append(f)
            continue
        spans = f.pieces or [(f.start, f.end)]
        gi = [i for a, b in spans for i in inside(a, b)]
        for i in gi:
            used.add(i)
        if gi and not _words_outside(masked, spans, [groups[i] for i in gi]):
            f.kind = "partial" if f.characterisation else "direct"
            f.pieces = [p for i in gi for p in groups[i].pieces]
            f.start, f.end = f.pieces[0][0], f.pieces[-1][1]
        elif not f.pieces:
            f.pieces = [(f.start, f.end)]
        out.append(f)
        if f.kind == "indirect":
            for i in gi:
                g = groups[i]
                if owner.get(i) != k:
                    continue
                if len(g.pieces) == 1 and g.closed:
                    pf = Found(g.start, g.end, f.cue, f.cue_start, f.speaker, f.venue, f.sentence, f.participle_of)
                    pf.pieces, pf.kind = list(g.pieces), "partial"
                    pf.participle_of = f  # same speaker as its clause
                    out.append(pf)

    # 2. quotations no cue covered (per-paragraph lookups by bisection: linear overall)
    out.sort(key=lambda f: (f.start, f.kind != "indirect"))
    index = _ParaIndex(paras)
    empties: dict[int, Found] = {}
    for f in out:
        if f.kind == "partial":
            continue
        if f.start == f.end and not f.lead_in:
            empties.setdefault(f.sentence[0], f)
        index.add(f)
    extra: list[Found] = []
    for i, g in enumerate(groups):
        if i in used:
            continue
        p = paras.index(g.outer_start)
        last = index.last_before(p, g.outer_start)
        stands_alone = g.outer_start in sentence_starts or g.outer_start == paras.first_char(p, masked)
        # "“Why?” Hegseth asked." — the verb's sentence had no words of its own
        nxt = _next_char(masked, g.outer_end)
        if nxt in empties and paras.index(nxt) == p:
            f = empties.pop(nxt)
            f.pieces, f.kind = list(g.pieces), "direct"
            f.start, f.end = g.start, g.end
            used.add(i)
            continue
        # lead-in in the same paragraph or the paragraph before
        lead = _lead_in(body, masked, paras, p, g, index, last)
        if lead is not None:
            lead.pieces, lead.kind = list(g.pieces), "direct"
            lead.start, lead.end = g.start, g.end
            extra.append(lead)
            used.add(i)
            continue
        # dash attribution after the closing mark
        dash = _DASH.match(masked, g.outer_end)
        if dash and dash.end() > g.outer_end:
            who = subject_after(masked, dash.end(), paras.spans[p][1])
            if who is not None and who.text[:1].isupper():
                f = Found(g.start, g.end, "—", dash.start(), who, None, (g.outer_start, who.end))
                f.pieces, f.kind = list(g.pieces), "direct"
                extra.append(f)
                used.add(i)
                continue
        if not stands_alone:
            continue
        if last is not None:
            if last.kind == "direct" and not last.lead_in and _only_attribution_between(last, g):
                last.pieces.extend(g.pieces)  # "“A,” he said. “B.”" — one statement
                last.end = g.end
                used.add(i)
                continue
            if not last.lead_in and (last.speaker is not None or last.participle_of is not None):
                extra.append(_inherit(g, last))
                used.add(i)
                continue
        elif g.outer_start == paras.first_char(p, masked) and p > 0 and index.count(p) == 0:
            prev = index.last_statement(p - 1)
            if prev is not None and _ends_paragraph(masked, paras, p - 1, prev):
                extra.append(_inherit(g, prev))
                index.add(extra[-1])
                used.add(i)
    out = [f for f in out if not (f.lead_in or f.start == f.end)] + extra
    out.sort(key=lambda f: f.start)
    return out


def _introduced_by_colon(masked: str, start: int) -> bool:
    """A quotation a colon introduces ("As the Herald reported:") belongs to that introduction."""
    return masked[max(0, start - 200) : start].rstrip().endswith(":")


def _key(f: Found) -> int:
    return f.cue_start if f.lead_in else f.end


class _ParaIndex:
    """Statements per paragraph, sorted by where they end, for bisection."""

    def __init__(self, paras: Paragraphs) -> None:
        self.paras = paras
        self.keys: dict[int, list[int]] = {}
        self.items: dict[int, list[Found]] = {}

    def add(self, f: Found) -> None:
        p = self.paras.index(f.cue_start if f.lead_in else f.start)
        keys = self.keys.setdefault(p, [])
        items = self.items.setdefault(p, [])
        k = bisect.bisect_right(keys, _key(f))
        keys.insert(k, _key(f))
        items.insert(k, f)

    def last_before(self, p: int, pos: int) -> Found | None:
        keys = self.keys.get(p)
        if not keys:
            return None
        k = bisect.bisect_right(keys, pos)
        return self.items[p][k - 1] if k else None

    def count(self, p: int) -> int:
        return len(self.keys.get(p, ()))

    def last_statement(self, p: int) -> Found | None:
        for f in reversed(self.items.get(p, [])[-5:]):
            if not f.lead_in:
                return f
        return None

    def last_lead_in(self, p: int) -> Found | None:
        items = self.items.get(p, [])
        return items[-1] if items and items[-1].lead_in else None

    def remove(self, p: int, f: Found) -> None:
        items = self.items.get(p, [])
        for k in range(len(items) - 1, max(-1, len(items) - 6), -1):
            if items[k] is f:
                del items[k]
                del self.keys[p][k]
                return


def _next_char(masked: str, pos: int) -> int:
    end = min(len(masked), pos + 20)
    while pos < end and masked[pos] in " ,\t":
        pos += 1
    return pos


def _words_outside(masked: str, spans: list[tuple[int, int]], inner: list[QuoteGroup]) -> bool:
    """Does the content hold words outside its quotations? (gaps checked one by one, no copies)"""
    outer = sorted(o for g in inner for o in g.outer)
    for a, b in spans:
        pos = a
        for oa, ob in outer:
            if ob <= a or oa >= b:
                continue
            if oa > pos and _WORDY.search(masked, pos, oa):
                return True
            pos = max(pos, ob)
        if pos < b and _WORDY.search(masked, pos, b):
            return True
    return False


def _only_space(masked: str, a: int, b: int) -> bool:
    return b - a < 12 and not masked[a:b].strip(" ,")


def _only_attribution_between(last: Found, g: QuoteGroup) -> bool:
    """Between the two pieces there is only the attribution itself ("he said.")."""
    return g.outer_start - last.end < 160 and last.cue_start >= last.start - 200


def _inherit(g: QuoteGroup, source: Found) -> Found:
    f = Found(g.start, g.end, None, g.outer_start, None, None, (g.outer_start, g.outer_end))
    f.pieces, f.kind = list(g.pieces), "direct"
    f.participle_of = source
    return f


def _ends_paragraph(masked: str, paras: Paragraphs, p: int, f: Found) -> bool:
    """The attribution sits in the last sentence of its paragraph."""
    end = paras.spans[p][1]
    tail = masked[max(f.end, f.cue_start) : end]
    return len(tail) < 200 and "." not in tail.rstrip(" .”\"")[:-1] if tail.strip() else True


def _lead_in(body: str, masked: str, paras: Paragraphs, p: int, g: QuoteGroup, index: _ParaIndex, last: Found | None) -> Found | None:
    """A speaker announced with a colon just before the quotation."""
    # "X said: “…”" in the same paragraph
    if last is not None and last.lead_in and _only_space(masked, last.sentence[1], g.outer_start):
        last.lead_in = False
        index.remove(p, last)
        return last
    j = masked.rfind(":", max(0, g.outer_start - 3), g.outer_start)
    if j != -1 and _only_space(masked, j + 1, g.outer_start) and last is None:
        who = first_subject(masked, paras.spans[p][0], j)
        if who is not None:
            return Found(g.start, g.end, ":", j, who, None, (paras.spans[p][0], g.outer_end))
    if g.outer_start != paras.first_char(p, masked) or p == 0:
        return None
    ps, pe = paras.spans[p - 1]
    if masked[max(ps, pe - 3) : pe].rstrip()[-1:] != ":":
        return None
    lead = index.last_lead_in(p - 1)
    if lead is not None:
        lead.lead_in = False
        index.remove(p - 1, lead)
        return lead
    if pe - ps > 400:
        return None
    line = masked[ps:pe].rstrip()
    text = line[:-1].strip()
    words = text.split()
    if 0 < len(words) <= _ROLE_LINE_MAX_WORDS and text[:1].isupper():
        start = ps + (len(masked[ps:pe]) - len(masked[ps:pe].lstrip()))
        return Found(g.start, g.end, ":", pe - 1, Phrase(start, start + len(text), body[start : start + len(text)]), None, (ps, pe))
    who = first_subject(masked, ps, pe)
    if who is not None:
        return Found(g.start, g.end, ":", pe - 1, who, None, (ps, pe))
    return None


def line_colon(body: str, masked: str, paras: Paragraphs) -> list[Found]:
    """Headline style "Name: words" on one line."""
    out = []
    for ps, pe in paras.spans:
        if masked.find(":", ps, pe) == -1:
            continue  # perf: most paragraphs have no colon, and the regex's lazy name tries 70 ends
        m = _LINE_COLON.match(masked, ps, pe)
        if not m:
            continue
        name = m.group(1)
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(w[:1].isupper() or w in {"of", "the"} for w in words):
            continue
        cs, ce = m.end(), pe
        while cs < ce and masked[cs].isspace():
            cs += 1
        if len(masked[cs:ce].split()) < 3:
            continue
        who = Phrase(m.start(1), m.end(1), body[m.start(1) : m.end(1)])
        f = Found(cs, ce, ":", m.end(1), who, None, (ps, pe))
        f.pieces = [(cs, ce)]
        out.append(f)
    return out
