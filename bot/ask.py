"""Understanding the questions people type: which of the three questions, and about what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.metadata import normalize_date

Intent = Literal["whosaid", "quotes", "sources"]

_QUOTE_CHARS = "\"'“”‘’«»„"


@dataclass(frozen=True, slots=True)
class Understood:
    intent: Intent
    text: str  # the phrase, the speaker, or the claim
    about: str | None = None
    since: str | None = None  # ISO dates from "since March 8", "last week"
    until: str | None = None
    guessed: bool = False  # no rule matched: read as a claim (a bare name may be a speaker instead)

    def as_dict(self) -> dict[str, str]:
        key = {"whosaid": "phrase", "quotes": "speaker", "sources": "claim"}[self.intent]
        data = {"intent": self.intent, key: self.text}
        for name in ("about", "since", "until"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data

    def describe(self) -> str:
        if self.intent == "whosaid":
            text = f"who said “{self.text}”"
        elif self.intent == "quotes":
            text = f"what {self.text} said" + (f" about {self.about}" if self.about else "")
        else:
            text = f"sources for “{self.text}”"
        if self.since and self.until:
            return f"{text}, {self.since} to {self.until}"
        return text + (f", since {self.since}" if self.since else "") + (f", until {self.until}" if self.until else "")


_RULES: list[tuple[re.Pattern[str], Intent]] = [
    # "who called the bill a band-aid": the words quoted are the characterisation, not its object
    (re.compile(r"^who\s+(?:called|call|calls|described|describes|labell?ed|dubbed|termed|branded)\s+(?!(?:for|on|in|to|up|out|off|back)\b)\S.*?\s+(?:as\s+)?(?P<text>(?:an?\s+\S.*|[“\"'‘][^“”\"]+[”\"'’]))$", re.I), "whosaid"),
    (re.compile(r"^who\s+(?:is|was|has\s+been|have\s+been|were|are)\s+quoted\s+(?:about|on|regarding|concerning)\s+(?P<text>.+)$", re.I), "whosaid"),
    (re.compile(r"^(?:who|whom)\s+(?:said|says|say|told|stated|claimed|wrote|tweeted|remarked|declared|called|described|warned|promised|vowed|insisted|argued|admitted|denied|predicted|dismissed)\b[\s,:]*(?P<text>.+)$", re.I), "whosaid"),
    (re.compile(r"^who\s+(?:is|was)\s+(?:quoted|behind the (?:quote|words))\s+(?:as\s+)?(?:saying\s+)?(?P<text>.+)$", re.I), "whosaid"),
    (re.compile(r"^(?:what|anything)\s+(?:did|does|has|have|had)\s+(?P<text>.+?)\s+(?:say|said|tell|told|claim|claimed|state|stated|write|wrote|written|tweet|tweeted|post|posted|argue|argued)(?:\s+(?:about|on|regarding|concerning|in|at|during)\s+(?P<about>.+?))?$", re.I), "quotes"),
    # "has Sanders said anything about millennials", "did Warren say something on banks"
    (re.compile(r"^(?:has|have|had|did|does|do)\s+(?P<text>.+?)\s+(?:said|say|says|spoken|spoke|talked|commented|written|wrote|tweeted)\s+(?:anything|something|much)?\s*(?:about|on|regarding|concerning)\s+(?P<about>.+?)$", re.I), "quotes"),
    # "what did Warren tell Stumpf": what the speaker said (to whomever)
    (re.compile(r"^what\s+(?:did|does|has|have|had)\s+(?P<text>.+?)\s+(?:tell|told|ask|asked)\s+\S.*?(?:\s+about\s+(?P<about>.+?))?$", re.I), "quotes"),
    (re.compile(r"^(?:quotes|statements)\s+(?:by|from)\s+(?P<text>.+?)(?:\s+(?:about|on)\s+(?P<about>.+?))?$", re.I), "quotes"),
    (re.compile(r"^(?:sources?|reports?|evidence|coverage)\s+(?:for|on|of|about)\s*[:\s]\s*(?:the\s+claim\s+(?:that\s+)?)?(?P<text>.+)$", re.I), "sources"),
    (re.compile(r"^where\s+(?:did|does|do)\s+(?:the\s+(?:claim|report|story|idea)\s+)?(?:that\s+)?(?P<text>.+?)\s+come\s+from$", re.I), "sources"),
    (re.compile(r"^who\s+(?:reported|reports|first reported|broke)\s+(?:that\s+)?(?P<text>.+)$", re.I), "sources"),
    (re.compile(r"^(?:is\s+it\s+true|is\s+it\s+correct|did\s+anyone\s+report|has\s+anyone\s+reported)\s+(?:that\s+)?(?P<text>.+)$", re.I), "sources"),
    (re.compile(r"^(?:which|what)\s+(?:outlets?|media|papers?|sites?)\s+(?:reported|report|say|said)\s+(?:that\s+)?(?P<text>.+)$", re.I), "sources"),
]


def understand(question: str, today: date | None = None) -> Understood:
    """Route a free-form question; a bare quotation is a "who said", anything else a claim. A time
    at its end ("since March 8", "last week") becomes a date range."""
    text = " ".join(question.split()).strip()
    stripped = text.rstrip("?!. ").strip()
    rest, since, until = _when(stripped, today or date.today())
    if since or until:  # only "what did S say" takes a time: in a phrase or a claim it is words
        timed = _by_rules(rest)
        if timed is not None and timed.intent == "quotes":
            return Understood("quotes", timed.text, timed.about, since, until)
    understood = _by_rules(stripped)
    if understood is not None:
        return understood
    if len(stripped) > 2 and stripped[0] in _QUOTE_CHARS and stripped[-1] in _QUOTE_CHARS:
        return Understood("whosaid", _unquote(stripped))
    return Understood("sources", _unquote(stripped) or text, guessed=True)


def _by_rules(text: str) -> Understood | None:
    for pattern, intent in _RULES:
        match = pattern.match(text)
        if match:
            found = _unquote(match.group("text"))
            about = match.groupdict().get("about")
            if found:
                return Understood(intent, found, _unquote(about) if about else None)
    return None


_DATED = re.compile(r"^(?P<rest>.+?),?\s+(?P<word>since|after|before|until|till)\s+(?P<date>[\w.,\s-]+?)$", re.I)
_RELATIVE = re.compile(
    r"^(?P<rest>.+?),?\s+(?P<when>(?:in\s+the\s+)?(?:last|past|this)\s+(?:week|month|year)|today|yesterday|recently|lately)$", re.I
)
_RELATIVE_DAYS = {"week": 7, "month": 31, "year": 366}


def _when(text: str, today: date) -> tuple[str, str | None, str | None]:
    """``(question without its time, since, until)``; a time it cannot read stays in the question."""
    dated = _DATED.match(text)
    if dated:
        day = _date_before(dated.group("date"), today)
        if day is not None:
            word = dated.group("word").lower()
            if word in ("since", "after"):
                return dated.group("rest"), day, None
            return dated.group("rest"), None, day
    relative = _RELATIVE.match(text)
    if relative:
        when = relative.group("when").lower().split()
        if when[-1] == "today":
            return relative.group("rest"), today.isoformat(), None
        if when[-1] == "yesterday":
            day = (today - timedelta(days=1)).isoformat()
            return relative.group("rest"), day, day
        days = _RELATIVE_DAYS.get(when[-1], 31)  # "recently", "lately": the last month
        return relative.group("rest"), (today - timedelta(days=days)).isoformat(), None
    return text, None, None


def _date_before(text: str, today: date) -> str | None:
    """An ISO date from "2026-03-08", "March 8, 2026" or "March 8" (the last one not after today)."""
    found = normalize_date(text)
    if found is not None:
        return found
    for year in (today.year, today.year - 1):
        found = normalize_date(f"{text.strip(' ,')}, {year}")
        if found is not None and found <= today.isoformat():
            return found
    return None


def _unquote(text: str) -> str:
    return text.strip().strip(_QUOTE_CHARS).strip().rstrip("?").strip()
