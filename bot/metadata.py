"""Article metadata found in the text itself: dates, headlines, outlets from URLs."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from bot.decoding import without_controls

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_PREFIX = r"(?:(?:published|updated|posted|last updated)(?: on)?:?\s+)?"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
_DATELINE_PATTERNS = [
    re.compile(rf"^{_PREFIX}{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(rf"^{_PREFIX}{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(rf"^{_PREFIX}(?P<year>\d{{4}})-(?P<mnum>\d{{2}})-(?P<day>\d{{2}}){_TIME}$", re.I),
]
SEED_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_dateline(line: str) -> str | None:
    """``"Thursday, Mar 12, 2026"`` → ``"2026-03-12"``; None unless the whole line is a date."""
    text = line.strip()
    if len(text) > 60:
        return None
    for pattern in _DATELINE_PATTERNS:
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower().rstrip(".")]
            return _iso(int(groups["year"]), month, int(groups["day"]))
    return None


def normalize_date(value: str | None) -> str | None:
    """Accept ISO dates, ISO timestamps and datelines; return ``YYYY-MM-DD`` or None."""
    if not value:
        return None
    text = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        if not _AFTER_ISO_DATE.match(text, 10):
            return None  # "2026-03-01; DROP TABLE": more than a date, and not a time
        year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
        return _iso(year, month, day)
    return parse_dateline(text)


_AFTER_ISO_DATE = re.compile(r"$|[T ]\d")  # nothing, or a time: "2026-03-07T09:30:00Z"


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def looks_like_headline(line: str) -> bool:
    """A headline: one short line without closing sentence punctuation, of several words."""
    text = line.strip()
    if not (8 <= len(text) <= 200) or text[-1] in ".!;,:\"”'’":
        return False
    return len(text.split()) >= 3


TITLE_MAX = 500  # characters kept of an article's title, however it is given
OUTLET_MAX = 200  # and of an outlet's or a speaker title's name


def clean_label(value: str | None, limit: int) -> str | None:
    """A title or name as one line: control characters dropped, runs of spaces and line breaks
    made one space, at most ``limit`` characters. None when nothing is left."""
    if value is None:
        return None
    return " ".join(without_controls(value).split())[:limit].rstrip() or None


def short_title(sentence: str, limit: int = 80) -> str:
    """The first sentence as a title: cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—- ")
    return cut + "…"


_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
MAX_URL = 2048  # what a Discord embed's link takes


def is_web_address(url: str) -> bool:
    """An http(s) address a reader can follow (and a Discord embed will link)."""
    return len(url) <= MAX_URL and _WEB_ADDRESS.match(url) is not None


def site_of(url: str | None) -> str | None:
    """``https://www.example.com/a`` → ``example.com`` (the outlet when nothing better is known)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    host = re.sub(r"^(www\d?|m|amp|edition|mobile)\.", "", host)
    return host or None


def human_date(iso: str | None) -> str:
    """``"2026-03-07"`` → ``"7 Mar 2026"``: formatted from the date itself, so no time zone can shift it."""
    if not iso or not ISO_DATE.match(iso):
        return "undated"
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{day} {names[month - 1]} {year}"
