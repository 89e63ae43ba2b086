"""Engine results as embeds that respect Discord's limits by construction.

Limits: title 256, description 4096, 25 fields, field name 256, field value 1024, footer 2048,
6000 characters in all. Every piece of text passes through ``clip`` with its own budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import discord

from bot.engine import SourcesAnswer
from bot.metadata import human_date, is_web_address
from bot.textout import DISPUTED_NOTE, counted, sources_summary
from bot.models import Article, Quote, Speaker, Statement

TITLE_MAX, DESCRIPTION_MAX, FIELD_NAME_MAX, FIELD_VALUE_MAX, FOOTER_MAX, TOTAL_MAX = 256, 4096, 256, 1024, 2048, 6000
MAX_FIELDS = 25
PAGE_MARKER_MAX = 20  # the pager puts "Page 12/34 · " before the footer
LIST_BODY_MAX = DESCRIPTION_MAX - 20
COLOUR = discord.Colour.from_rgb(52, 101, 164)

_MARKDOWN = re.compile(r"([\\*_~`|>\[\]()#-])")


def clip(text: str | None, limit: int) -> str:
    """Shorten at a word boundary with an ellipsis; never longer than ``limit``.

    Runs of spaces collapse, but line breaks stay: lists and a link on a line of its own are meant so.
    """
    text = "\n".join(" ".join(line.split()) for line in (text or "").splitlines()).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    if boundary >= limit // 2:
        cut = cut[:boundary]
    return cut.rstrip(" ,;:\n") + "…"


def safe(text: str | None) -> str:
    """Article text shown literally: Markdown escaped, mentions defused (a zero-width joiner after @)."""
    text = _MARKDOWN.sub(r"\\\1", text or "")
    return text.replace("@", "@\u200b")


def speaker_label(speaker: Speaker | None) -> str:
    if speaker is None:
        return "Unattributed"
    return f"{speaker.name}, {speaker.title}" if speaker.title else speaker.name


def article_label(article: Article) -> str:
    return f"{article.outlet or 'Unknown outlet'} · {human_date(article.date)} · #{article.id}"


def _budgeted(embed: discord.Embed) -> discord.Embed:
    """A last guard for the 6000 total: drop trailing fields until the embed fits."""
    while len(embed) > TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed


def link(url: str | None) -> str | None:
    """An article's address as an embed's link: Discord refuses the whole message for one it cannot
    follow (not http(s), or too long), so such an address is left out (it is still shown as text)."""
    return url if url and is_web_address(url) else None


def statement_embed(statement: Statement, *, heading: str | None = None) -> discord.Embed:
    quote = statement.quote
    embed = discord.Embed(
        title=clip(heading or speaker_label(quote.speaker), TITLE_MAX),
        description=clip(f"“{safe(quote.text)}”", 3000),
        colour=COLOUR,
        url=link(statement.article.url),
    )
    said_by = " and ".join(speaker_label(s) for s in [quote.speaker, *statement.together])
    embed.add_field(name="Said by", value=clip(safe(said_by), FIELD_VALUE_MAX), inline=True)
    embed.add_field(name="Published", value=clip(safe(article_label(statement.article)), FIELD_VALUE_MAX), inline=True)
    if quote.venue:
        embed.add_field(name="Where", value=clip(safe(quote.venue), FIELD_VALUE_MAX), inline=True)
    if statement.also:
        total = f"{statement.also_count}{'' if statement.also_count_exact else '+'}"
        also = "\n".join(safe(article_label(a)) for a in statement.also[:10])
        hidden = statement.also_count - min(len(statement.also), 10)
        more = f"\n…and {hidden}{'' if statement.also_count_exact else '+'} more" if hidden > 0 else ""
        embed.add_field(name=f"Also reported by {total}", value=clip(also + more, FIELD_VALUE_MAX), inline=False)
    embed.set_footer(text=clip(f"quote #{quote.id} · {quote.kind} · match {statement.score:.0%} · {statement.article.title or ''}", FOOTER_MAX))
    return _budgeted(embed)


def _field_pages(page: Callable[[], discord.Embed], fields: list[tuple[str, str]], per_page: int) -> list[discord.Embed]:
    """Every field, on as many pages (each made by ``page``) as it takes: at most ``per_page``
    fields and 6000 characters in all per page, with room for the pager's marker. None is dropped."""
    pages = [page()]
    for name, value in fields:
        size = len(name) + len(value)
        embed = pages[-1]
        if embed.fields and (len(embed.fields) >= min(per_page, MAX_FIELDS) or len(embed) + size > TOTAL_MAX - PAGE_MARKER_MAX):
            pages.append(embed := page())
        embed.add_field(name=name, value=value, inline=False)
    return [_budgeted(embed) for embed in pages]


def sources_embeds(answer: SourcesAnswer, per_page: int = 5) -> list[discord.Embed]:
    query, summary = answer.query, sources_summary(answer)
    fields = []
    for result in answer.results:
        name = clip(f"{article_label(result.article)} — {result.article.title or 'untitled'}", FIELD_NAME_MAX)
        value = f"“{safe(result.sentence)}”" + (f"\n⚠ {DISPUTED_NOTE}" if result.disputed else "")
        if result.article.url:
            value = clip(value, FIELD_VALUE_MAX - len(result.article.url) - 10) + f"\n<{result.article.url}>"
        fields.append((clip(safe(name), FIELD_NAME_MAX), clip(value, FIELD_VALUE_MAX)))  # escaping lengthens: clip last

    def page() -> discord.Embed:
        return discord.Embed(title=clip(f"Sources for “{query}”", TITLE_MAX),
                             description=clip(safe(summary) + ".", DESCRIPTION_MAX), colour=COLOUR)

    return _field_pages(page, fields, per_page)


def article_pages(article: Article, quotes: list[Quote], version: int = 1, per_page: int = 10) -> list[discord.Embed]:
    """The article's card, its quotes over as many pages as they take."""
    edition = f" · version {version}" if version > 1 else ""
    footer = f"{counted(len(quotes), 'quote')} · source: {clip(article.source, 200)}{edition}"

    def page() -> discord.Embed:
        embed = discord.Embed(
            title=clip(safe(article.title or f"Article #{article.id}"), TITLE_MAX),
            description=clip(safe(article_label(article)) + (f"\n{article.url}" if article.url else ""), 1500),
            colour=COLOUR,
            url=link(article.url),
        )
        return embed.set_footer(text=footer)

    fields = [(clip(f"#{quote.id} · " + safe(speaker_label(quote.speaker)), FIELD_NAME_MAX), clip(f"“{safe(quote.text)}”", 300))
              for quote in quotes]
    return _field_pages(page, fields, per_page)




def list_embed(title: str, lines: list[str], footer: str | None = None) -> discord.Embed:
    """One page of lines; those past the description's limit are cut off (see ``list_pages``)."""
    body = ""
    for line in lines:
        if len(body) + len(line) + 1 > LIST_BODY_MAX:
            body += "\n…"
            break
        body += line + "\n"
    embed = discord.Embed(title=clip(title, TITLE_MAX), description=body.strip() or "Nothing yet.", colour=COLOUR)
    if footer:
        embed.set_footer(text=clip(footer, FOOTER_MAX))
    return embed


def list_pages(title: str, lines: list[str], footer: str | None = None, *, per_page: int = 10) -> list[discord.Embed]:
    """Every line, on as many pages as it takes: at most ``per_page`` lines and as many characters as
    one embed holds (description and the 6000 in all, with room for the page marker). Only a single
    line longer than a whole page is clipped; none is left out."""
    fixed = len(clip(title, TITLE_MAX)) + len(clip(footer, FOOTER_MAX)) + PAGE_MARKER_MAX
    budget = min(LIST_BODY_MAX, TOTAL_MAX - fixed)
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        line = line if len(line) < budget else clip(line, budget - 1)
        if pages[-1] and (len(pages[-1]) >= per_page or used + len(line) + 1 > budget):
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += len(line) + 1
    return [list_embed(title, page, footer) for page in pages]
