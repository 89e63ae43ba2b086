"""Readable plain-text answers for the command line (the --json shapes live in bot.serialize)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from bot.engine import AskAnswer, QuotesAnswer, SourcesAnswer, WhosaidAnswer
from bot.models import Article, HistoryEvent, IngestResult, Speaker, Statement
from bot.storage.scope import Filters

if TYPE_CHECKING:
    from bot.digest import Digest


def counted(n: int, noun: str) -> str:
    """"1 quote", "3 quotes", "0 speakers"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def article_line(a: Article) -> str:
    outlet = a.outlet or "unknown outlet"
    return f"{outlet}, {a.date or 'undated'} (#{a.id})"


def speaker_line(s: Speaker | None) -> str:
    if s is None:
        return "unattributed"
    return f"{s.name} ({s.title})" if s.title else s.name


def statement_block(index: int, s: Statement) -> str:
    quote = s.quote
    together = "".join(f" and {speaker_line(other)}" for other in s.together)
    lines = [f"{index}. “{quote.text}”", f"   — {speaker_line(quote.speaker)}{together}"]
    where = article_line(s.article)
    if quote.venue:
        where += f"; {quote.venue}"
    lines.append(f"   {where}  [{quote.kind}, score {s.score:.2f}, quote #{quote.id}]")
    if s.also:
        more = s.also_count - len(s.also)
        tail = f"; and {more}{'' if s.also_count_exact else ' or more'} others" if more > 0 else ""
        lines.append("   also: " + "; ".join(article_line(a) for a in s.also) + tail)
    return "\n".join(lines)


def searched(filters: Filters) -> str:
    """Where a question looked: "in the corpus", or the part of it the filters leave."""
    parts = [f"from {filters.outlet}"] if filters.outlet else []
    if filters.since and filters.until:
        parts.append(f"between {filters.since} and {filters.until}")
    elif filters.since or filters.until:
        parts.append(f"since {filters.since}" if filters.since else f"up to {filters.until}")
    return " ".join(parts) or "in the corpus"


def whosaid(answer: WhosaidAnswer, filters: Filters = Filters()) -> str:
    if not answer.results:
        return f"No quote {searched(filters)} matches “{answer.query}”."
    return "\n".join(statement_block(i, s) for i, s in enumerate(answer.results, 1))


def quotes(answer: QuotesAnswer, filters: Filters = Filters()) -> str:
    if answer.speaker is None and answer.candidates:
        names = "\n".join(f"  #{c.id} {speaker_line(c)} — {counted(c.quotes or 0, 'quote')}" for c in answer.candidates)
        return f"Several speakers fit “{answer.query}”; ask again with one of these names or numbers:\n{names}"
    if answer.speaker is None:
        hint = f" Did you mean: {', '.join(speaker_line(s) for s in answer.suggestions)}?" if answer.suggestions else ""
        return f"No speaker in the corpus matches “{answer.query}”.{hint}"
    topic = f" about {answer.about}" if answer.about else ""
    if not answer.results:
        return f"{speaker_line(answer.speaker)} has no quotes{topic} {searched(filters)}."
    head = f"{speaker_line(answer.speaker)}{topic}:"
    return head + "\n" + "\n".join(statement_block(i, s) for i, s in enumerate(answer.results, 1))


DISPUTED_NOTE = "reports a denial or dispute"


def sources_summary(answer: SourcesAnswer) -> str:
    """"Reported by 3 articles from 2 outlets; first reported by X" (the articles listed and any
    more found; an article with no outlet given is not counted as an outlet)."""
    reporting = max(answer.reporting, len(answer.results))
    outlets = {r.article.outlet for r in answer.results if r.article.outlet}
    unnamed = sum(1 for r in answer.results if not r.article.outlet)
    if not outlets:
        sources_of = "with no outlet given"
    else:
        sources_of = f"from {_count(len(outlets), 'outlet')}" + (f" and {unnamed} with no outlet given" if unnamed else "")
    if len(answer.results) < reporting:
        head = f"Reported by {_count(reporting, 'article')} (the best {len(answer.results)} listed, {sources_of})"
    else:
        head = f"Reported by {_count(reporting, 'article')} {sources_of}"
    if answer.origin:
        head += f"; first reported by {answer.origin.name}"
    disputed = sum(1 for r in answer.results if r.disputed)
    if disputed:
        head += f"; {disputed} listed {'reports' if disputed == 1 else 'report'} a denial or dispute"
    return head


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def sources(answer: SourcesAnswer, filters: Filters = Filters()) -> str:
    if not answer.results:
        return f"No article {searched(filters)} reports “{answer.query}”."
    lines = [sources_summary(answer) + "."]
    for i, result in enumerate(answer.results, 1):
        lines.append(f"{i}. {result.article.title or '(untitled)'} — {article_line(result.article)}  [score {result.score:.2f}]")
        lines.append(f"   “{result.sentence}”" + (f"  ({DISPUTED_NOTE})" if result.disputed else ""))
    if answer.origin:
        lines.append(f"Origin evidence: “{answer.origin.evidence}”")
    return "\n".join(lines)


def ask(answer: AskAnswer, filters: Filters = Filters()) -> str:
    head = f"Understood: {answer.understood.describe()}"
    body = answer.answer
    if isinstance(body, WhosaidAnswer):
        return head + "\n" + whosaid(body, filters)
    if isinstance(body, QuotesAnswer):
        return head + "\n" + quotes(body, filters)
    return head + "\n" + sources(body, filters)


def ingest(result: IngestResult) -> str:
    if result.status == "error":
        return f"{result.source}: error: {result.message}"
    if result.status in ("duplicate", "skipped"):
        return f"{result.source}: {result.message}"
    meta = f"“{result.title}” — {result.outlet or 'unknown outlet'}, {result.date or 'undated'}"
    return f"{result.source}: {result.message}: {meta}; {counted(result.quotes, 'quote')}, {counted(result.speakers, 'speaker')}"


def moment(iso: str) -> str:
    """An ISO timestamp as a reader writes it, in UTC: "2026-12-06T20:18:26.2+00:00" → "6 Dec 2026 20:18 UTC"."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    return f"{when.day} {when:%b %Y %H:%M} UTC"


def digest(d: "Digest") -> str:
    since, until = moment(d.since), moment(d.until)
    if d.quiet:
        return f"Quiet period: nothing entered the corpus between {since} and {until}."
    lines = [f"QuoteDesk digest, {since} to {until}", "", f"New articles ({len(d.articles)}):"]
    lines += [f"  #{a.id} {a.outlet or 'unknown outlet'}, {a.date or 'undated'} — {a.title}" for a in d.articles]
    if d.quotes:
        lines += ["", "Quotes:"]
        lines += [f"  “{q.quote.text}” — {speaker_line(q.quote.speaker)} ({article_line(q.article)})" for q in d.quotes]
    if d.speakers:
        lines += ["", "Most quoted:"] + [f"  {speaker_line(s)}: {s.quotes}" for s in d.speakers]
    if d.claims:
        lines += ["", "Claims several articles now report:"]
        for claim in d.claims:
            origin = f"; first reported by {claim.origin.name}" if claim.origin else ""
            lines.append(f"  “{claim.claim}” — {claim.reported_by()}{origin}")
    return "\n".join(lines)


def history_line(e: HistoryEvent) -> str:
    """``2026-11-24 10:02 · Ann (42) · reassign quote #40 · speaker: Smith → Jane Smith``."""
    line = f"{e.at[:16].replace('T', ' ')} · {e.actor} · {e.action} {e.target}"
    change = change_summary(e)
    return f"{line} · {change}" if change else line


def change_summary(e: HistoryEvent) -> str:
    """Before → after, in a few words: only the values that changed."""
    before = e.before if isinstance(e.before, dict) else {}
    after = e.after if isinstance(e.after, dict) else {}
    if not before or not after:  # a load or a removal: what it was is enough
        state = after or before
        if "title" in state:
            return f"“{_short(state['title'])}” ({counted(state.get('quotes', 0), 'quote')})"
        return "; ".join(f"{key}: {_short(value)}" for key, value in state.items())
    parts = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        parts.append(f"{key}: {_short(old)} → {_short(new)}")
    return "; ".join(parts)


def _short(value: object) -> str:
    if isinstance(value, dict) and "name" in value:
        value = f"{value['name']} (#{value.get('id')})"
    text = "—" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"
