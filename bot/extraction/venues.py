"""Where words were said or first published: "told reporters", "in a statement", "on Twitter".

The patterns run on the masked text (so a quoted show title is one token) at a given position, never
searching across the sentence: each is anchored and bounded.
"""

from __future__ import annotations

import re

# A capitalised word, in capitals even inside a pattern that ignores case ("with CNN", not "with it")
_NAME = r"(?-i:[A-Z0-9“][\w’'.&“”-]*)"
# small words inside the name of a show or an outlet ("Fox and Friends", "On the Record with Greta …")
_NAME_GOES_ON = r"(?:(?-i:and|of|the|on|with|for|de)\s+)?"
_MEDIUM = (
    r"statement|interview|speech|post|tweet|op-ed|letter|e-?mail|memo|(?:press|news)\s+release"
    r"|(?:news|press)\s+conference|conference\s+call|briefing|hearing|debate|video|podcast|town\s+hall"
    r"|rally|appearance|call|message|filing|book|column|essay|editorial|broadcast|address|remarks"
    r"|testimony|commentary|report|article|piece|note|text|document|announcement|campaign\s+event|event"
    r"|meeting|session|forum|summit|show|program|programme|segment"
)
# "in a statement", "in a CBS “60 Minutes” interview", "during an interview with NBC News"
_IN_MEDIUM = re.compile(
    r"(?:\s*,)?\s+(?P<v>(?:in|during|at|from|via|on)\s+(?:a|an|the|his|her|their|its|one|this|that|Sunday’s|Sunday's)?\s*"
    r"(?:[^\s,.;:]+\s+){0,4}?(?:" + _MEDIUM + r")s?\b"
    r"(?:\s+(?:with|on|to|for|at|in|published\s+by|aired\s+on)\s+(?:(?:the\s+)?" + _NAME + r"(?:\s+" + _NAME_GOES_ON + _NAME + r"){0,7}"
    # "in a letter to the president", "in an interview with the senator": one listener in lower case
    r"|(?-i:the|his|her|their|its)\s+(?-i:[a-z][\w-]*)))?)",
    re.IGNORECASE,
)
# "on Twitter", "on CNN", "on Fox News Sunday" (capitalised outlet after "on"/"to")
_ON_OUTLET = re.compile(r"(?:\s*,)?\s+(?P<v>(?:on|to|via)\s+(?:the\s+)?(?:" + _NAME + r")(?:\s+" + _NAME + r"){0,3})")
_NOT_OUTLET = re.compile(
    r"(?:on|to|via)\s+(?:the\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
    r"|\d)\b"
)
# "aired Monday on “New Day”", "published by the Post": where the interview came out
_AIRED = re.compile(
    r"(?:\s*,)?\s+(?P<v>(?:aired|published|broadcast|posted)(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday))?\s+(?:on|in|by)\s+(?:the\s+)?" + _NAME + r"(?:\s+" + _NAME_GOES_ON + _NAME + r"){0,5})"
)
_TO_REPORTERS = re.compile(r"(?:\s*,)?\s+(?P<v>to\s+(?:reporters|journalists|the\s+press|the\s+media|supporters|the\s+crowd))\b", re.I)


def venue_at(masked: str, pos: int, end: int) -> tuple[int, int] | None:
    """Span of a venue phrase starting (after spaces) at ``pos``, or None."""
    for pattern in (_IN_MEDIUM, _TO_REPORTERS, _AIRED):
        m = pattern.match(masked, pos, end)
        if m:
            return m.span("v")
    m = _ON_OUTLET.match(masked, pos, end)
    if m and not _NOT_OUTLET.match(m.group("v")):
        return m.span("v")
    return None


def audience_venue(body: str, start: int, end: int) -> str | None:
    """The listener of "told" as a venue when it is an outlet or the press, not a pronoun."""
    who = body[start:end].strip()
    if not who or who.lower() in {"him", "her", "them", "me", "us", "you", "it"}:
        return None
    return who
