"""Article parsing: plain text (and the seed format), Markdown and HTML to a clean ParsedArticle.

Every format is reduced to a list of paragraphs, then one pipeline finds the date line, the
headline and strips page furniture, so the three formats behave alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from bot.decoding import InputError, without_controls
from bot.furniture import strip_furniture
from bot.metadata import (
    SEED_DATE_MARKER,
    looks_like_headline,
    normalize_date,
    parse_dateline,
    short_title,
    site_of,
)
from bot.models import ParsedArticle
from bot.sentences import split_sentences

Format = Literal["text", "markdown", "html"]

_MIN_BODY_CHARS = 40  # below this there is nothing to quote or search


@dataclass(slots=True)
class Hints:
    """Metadata that came with the input rather than from it (page metadata, a URL)."""

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


def detect_format(name: str, text: str) -> Format:
    lower = name.lower()
    head = text[:2048].lstrip().lower()
    if lower.endswith((".html", ".htm", ".xhtml")) or head.startswith(("<!doctype html", "<html")):
        return "html"  # a page saved as .txt is still a page
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith(".txt"):
        return "text"
    if re.search(r"<(body|article|p|div)\b", head):
        return "html"
    return "text"


def _is_json(text: str) -> bool:
    """A JSON document ("{…}" or "[…]" as a whole): data, not prose (a bracket opening a text is rare
    and never makes it valid JSON)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[" or stripped[-1] not in "}]":
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    return True


def parse_article(text: str, fmt: Format = "text", *, url: str | None = None) -> ParsedArticle:
    """Parse one article; raise InputError when it holds no usable text."""
    text = without_controls(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if _is_json(text):
        raise InputError("JSON data, not an article: load the article's own text or page (a manifest lists titles and dates)")
    if fmt == "html":
        paragraphs, hints = _html_paragraphs(text, url)
    elif fmt == "markdown":
        paragraphs, hints = _markdown_paragraphs(text)
    else:
        paragraphs, hints = text.split("\n"), Hints()
    hints.url = hints.url or url
    return _from_paragraphs(paragraphs, hints)


def _from_paragraphs(raw: list[str], hints: Hints) -> ParsedArticle:
    paragraphs = [p.strip() for p in raw]
    date = normalize_date(hints.date)
    if paragraphs:
        marker = SEED_DATE_MARKER.match(paragraphs[0])
        if marker:
            date = date or normalize_date(marker.group(1))
            paragraphs[0] = paragraphs[0][marker.end() :].strip()
    paragraphs = [p for p in paragraphs if p]
    paragraphs, dateline = _take_dateline(paragraphs)
    date = date or dateline
    cleaned = strip_furniture(paragraphs)
    paragraphs = cleaned.paragraphs
    body = "\n\n".join(paragraphs)
    if len(body) < _MIN_BODY_CHARS or not re.search(r"[^\W\d_]{2,}", body):
        raise InputError("no usable text: nothing that reads as an article was found")
    title, is_headline = _title(paragraphs, hints.title)
    outlet = hints.outlet or site_of(hints.url) or cleaned.furniture_outlet
    return ParsedArticle(
        body=body,
        title=title,
        outlet=outlet,
        date=date,
        url=hints.url,
        title_is_headline=is_headline,
    )


def _take_dateline(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """A dateline among the first lines gives the date; short slogans above it are furniture."""
    for index, line in enumerate(paragraphs[:6]):
        found = parse_dateline(line)
        if found:
            above = [p for p in paragraphs[:index] if not _is_tagline(p)]
            return above + paragraphs[index + 1 :], found
    return paragraphs, None


def _is_tagline(line: str) -> bool:
    # "Focus on the BIG picture." — a short complete sentence above the dateline is the site's slogan.
    return len(line) <= 60 and line[-1] in ".!" and len(line.split()) <= 8


def _title(paragraphs: list[str], given: str | None) -> tuple[str | None, bool]:
    if given and given.strip():
        return " ".join(given.split()), True
    if not paragraphs:
        return None, False
    if looks_like_headline(paragraphs[0]):
        return paragraphs[0], True
    sentences = split_sentences(paragraphs[0])
    return (short_title(sentences[0]) if sentences else None), False


def _html_paragraphs(html: str, url: str | None) -> tuple[list[str], Hints]:
    import trafilatura  # imported lazily: costly, and only HTML needs it

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or not (document.text or "").strip():
        raise InputError("no usable text: no article text was found in the HTML page")
    paragraphs = document.text.split("\n")
    title = (document.title or "").strip() or None
    if title and paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]  # the headline is metadata here, not a paragraph
        paragraphs.insert(0, title)
    return paragraphs, Hints(
        title=title,
        outlet=(document.sitename or "").strip() or None,
        date=document.date,
        url=url or document.url,
    )


def _markdown_paragraphs(text: str) -> tuple[list[str], Hints]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    paragraphs: list[str] = []
    title: str | None = None
    heading_level = 0
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "inline":
            words = "".join(
                child.content if child.type in ("text", "code_inline") else " " if child.type in ("softbreak", "hardbreak") else ""
                for child in token.children or []
            ).strip()
            if not words:
                continue
            if heading_level == 1 and title is None:
                title = words
            paragraphs.append(words)
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type in ("fence", "code_block"):
            continue  # code is never article text
    return paragraphs, Hints(title=title)
