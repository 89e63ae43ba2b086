"""Page furniture: the parts of a scraped page that are not the article.

Donation appeals, newsletter boxes, "Related Articles" link lists, media-player timestamps and
buttons must never be indexed: nothing in them may be quoted or found. The rules describe the
*shape* of furniture (a heading followed by a list of headline-like lines, a short button label),
never a particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Headings that introduce a block of links or a widget: the heading and its list go.
_LIST_HEADINGS = re.compile(
    r"^(related( articles| stories| content| coverage)?|more (from|on|in|stories|news)\b.*|"
    r"read (more|next|also)|recommended( for you)?|most (read|popular|viewed)|trending( now)?|"
    r"you (may|might) (also )?like|popular (stories|articles)|latest (news|stories)|"
    r"top stories|see also|also read|editor'?s picks)\s*:?$",
    re.IGNORECASE,
)
# Short lines that are buttons, widgets or labels on their own.
_WIDGET_LINE = re.compile(
    r"^(newsletter|subscribe( now| today)?|sign up( for .{0,40})?|share( this( article| story)?)?|"
    r"advertisement|advert|sponsored( content)?|remind me later\.?|close|skip (to content|ad)|"
    r"click here.{0,60}|follow us.{0,60}|listen( to this article)?|print|comments?|"
    r"read more|continue reading|[×✕✖]|\d{1,2}:\d{2}(:\d{2})?( / \d{1,2}:\d{2}(:\d{2})?)?)$",
    re.IGNORECASE,
)
# "A Message from The Moscow Times:" — the heading of a donation appeal; names the outlet.
APPEAL_HEADING = re.compile(
    r"^(?:an? )?(?:message|note|letter|word|appeal) from (?:the (?:editors?|team) (?:of|at) )?"
    r"(?P<outlet>[A-Z][\w.&'’ -]{1,60}?)\s*[:.!]?$",
    re.IGNORECASE,
)
_APPEAL_WORDS = re.compile(
    r"\b(donat\w*|support (us|our)|contribut\w*|subscri\w*|dear readers?|your (help|support)|"
    r"membership|become a (member|patron|supporter))\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Cleaned:
    paragraphs: list[str]
    furniture_outlet: str | None  # an outlet named by the furniture itself ("A Message from X")


def strip_furniture(paragraphs: list[str]) -> Cleaned:
    """Drop furniture paragraphs; keep article paragraphs in order."""
    kept: list[str] = []
    outlet: str | None = None
    i = 0
    n = len(paragraphs)
    while i < n:
        line = paragraphs[i].strip()
        appeal = APPEAL_HEADING.match(line)
        if appeal and _is_appeal(paragraphs[i + 1 : i + 8]):
            outlet = outlet or appeal.group("outlet").strip()
            i = _skip_appeal(paragraphs, i + 1)
            continue
        if _LIST_HEADINGS.match(line):
            i = _skip_link_list(paragraphs, i + 1)
            continue
        if _WIDGET_LINE.match(line):
            i += 1
            continue
        kept.append(line)
        i += 1
    return Cleaned(paragraphs=_drop_trailing_link_list(kept), furniture_outlet=outlet)


def _is_appeal(following: list[str]) -> bool:
    return any(_APPEAL_WORDS.search(p) for p in following)


def _skip_appeal(paragraphs: list[str], i: int) -> int:
    """An appeal runs until a paragraph that neither pleads nor addresses the reader."""
    while i < len(paragraphs):
        line = paragraphs[i].strip()
        if not line or _APPEAL_WORDS.search(line) or _WIDGET_LINE.match(line):
            i += 1
            continue
        # Appeals are written to "you"/"we": keep skipping while they are.
        if re.search(r"\b(we|our|us|you|your)\b", line, re.IGNORECASE):
            i += 1
            continue
        break
    return i


def looks_like_link(line: str) -> bool:
    """A headline in a link list: short, no sentence punctuation at the end, mostly capitalised."""
    if not line or len(line) > 160 or line[-1] in ".:;,\"”":
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line)]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.5


def _skip_link_list(paragraphs: list[str], i: int) -> int:
    while i < len(paragraphs):
        line = paragraphs[i].strip()
        if not line or looks_like_link(line) or _WIDGET_LINE.match(line):
            i += 1
            continue
        break
    return i


def _drop_trailing_link_list(kept: list[str]) -> list[str]:
    """Five or more headline-like lines at the very end are a link list even without a heading."""
    j = len(kept)
    while j > 0 and looks_like_link(kept[j - 1]):
        j -= 1
    return kept[:j] if len(kept) - j >= 5 else kept
