"""Understanding the questions people type: which of the three questions, and about what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Intent = Literal["whosaid", "quotes", "sources"]

_QUOTE_CHARS = "\"'“”‘’«»„"


@dataclass(frozen=True, slots=True)
class Understood:
    intent: Intent
    text: str  # the phrase, the speaker, or the claim
    about: str | None = None

    def as_dict(self) -> dict[str, str]:
        key = {"whosaid": "phrase", "quotes": "speaker", "sources": "claim"}[self.intent]
        data = {"intent": self.intent, key: self.text}
        if self.about:
            data["about"] = self.about
        return data

    def describe(self) -> str:
        if self.intent == "whosaid":
            return f"who said “{self.text}”"
        if self.intent == "quotes":
            return f"what {self.text} said" + (f" about {self.about}" if self.about else "")
        return f"sources for “{self.text}”"


_RULES: list[tuple[re.Pattern[str], Intent]] = [
    (re.compile(r"^(?:who|whom)\s+(?:said|says|say|told|stated|claimed|wrote|tweeted|remarked|declared|called|described|warned|promised|vowed|insisted|argued|admitted|denied|predicted|dismissed)\b[\s,:]*(?P<text>.+)$", re.I), "whosaid"),
    (re.compile(r"^who\s+(?:is|was)\s+(?:quoted|behind the (?:quote|words))\s+(?:as\s+)?(?:saying\s+)?(?P<text>.+)$", re.I), "whosaid"),
    (re.compile(r"^(?:what|anything)\s+(?:did|does|has|have|had)\s+(?P<text>.+?)\s+(?:say|said|tell|told|claim|claimed|state|stated)(?:\s+(?:about|on|regarding|concerning)\s+(?P<about>.+?))?$", re.I), "quotes"),
    (re.compile(r"^(?:quotes|statements)\s+(?:by|from)\s+(?P<text>.+?)(?:\s+(?:about|on)\s+(?P<about>.+?))?$", re.I), "quotes"),
    (re.compile(r"^(?:sources?|reports?|evidence|coverage)\s+(?:for|on|of|about)\s+(?:the\s+claim\s+(?:that\s+)?)?(?P<text>.+)$", re.I), "sources"),
    (re.compile(r"^where\s+(?:did|does|do)\s+(?:the\s+(?:claim|report|story|idea)\s+)?(?:that\s+)?(?P<text>.+?)\s+come\s+from$", re.I), "sources"),
    (re.compile(r"^who\s+(?:reported|reports|first reported|broke)\s+(?:that\s+)?(?P<text>.+)$", re.I), "sources"),
    (re.compile(r"^(?:is\s+it\s+true|is\s+it\s+correct|did\s+anyone\s+report|has\s+anyone\s+reported)\s+(?:that\s+)?(?P<text>.+)$", re.I), "sources"),
    (re.compile(r"^(?:which|what)\s+(?:outlets?|media|papers?|sites?)\s+(?:reported|report|say|said)\s+(?:that\s+)?(?P<text>.+)$", re.I), "sources"),
]


def understand(question: str) -> Understood:
    """Route a free-form question; a bare quotation is a "who said", anything else a claim."""
    text = " ".join(question.split()).strip()
    stripped = text.rstrip("?!. ").strip()
    for pattern, intent in _RULES:
        match = pattern.match(stripped)
        if match:
            found = _unquote(match.group("text"))
            about = match.groupdict().get("about")
            if found:
                return Understood(intent, found, _unquote(about) if about else None)
    if len(stripped) > 2 and stripped[0] in _QUOTE_CHARS and stripped[-1] in _QUOTE_CHARS:
        return Understood("whosaid", _unquote(stripped))
    return Understood("sources", _unquote(stripped) or text)


def _unquote(text: str) -> str:
    return text.strip().strip(_QUOTE_CHARS).strip().rstrip("?").strip()
