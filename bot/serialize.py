"""The JSON shapes of docs/CONTRACT.md, built from the engine's dataclasses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.models import Article, HistoryEvent, IngestResult, Origin, Quote, Source, Speaker, Statement

if TYPE_CHECKING:
    from bot.digest import Digest


def article(a: Article, **extra: Any) -> dict[str, Any]:
    data = {"id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet, "date": a.date, "url": a.url}
    if a.copy_of:
        data["copy_of"] = a.copy_of
    data.update(extra)
    return data


def speaker(s: Speaker | None, **extra: Any) -> dict[str, Any] | None:
    if s is None:
        return None
    data = {"id": s.id, "name": s.name, "title": s.title, "kind": s.kind}
    data.update(extra)
    return data


# A quote whose speaker the extraction could not name still has a SPEAKER (docs/CONTRACT.md), so
# that scripts reading quote["speaker"]["name"] work on every quote; its id is null.
UNATTRIBUTED: dict[str, Any] = {"id": None, "name": "unattributed", "title": None, "kind": "anonymous"}


def quote(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id,
        "text": q.text,
        "kind": q.kind,
        "cue": q.cue,
        "venue": q.venue,
        "speaker": speaker(q.speaker) or dict(UNATTRIBUTED),
        "sentence": q.sentence,
    }


def statement(s: Statement) -> dict[str, Any]:
    data = quote(s.quote)
    data.update({
        "score": s.score, "article": article(s.article), "also": [article(a) for a in s.also],
        "also_count": s.also_count, "also_count_exact": s.also_count_exact,
        "with": [speaker(other) for other in s.together],
    })
    return data


def source(s: Source) -> dict[str, Any]:
    return {"score": s.score, "article": article(s.article), "sentence": s.sentence, "sentences": s.sentences,
            "disputed": s.disputed}


def origin(o: Origin | None) -> dict[str, Any] | None:
    return {"name": o.name, "evidence": o.evidence} if o else None


def ingest_result(r: IngestResult) -> dict[str, Any]:
    return {
        "source": r.source,
        "status": r.status,
        "article_id": r.article_id,
        "duplicate_of": r.duplicate_of,
        "quotes": r.quotes,
        "speakers": r.speakers,
        "message": r.message,
        "title": r.title,
        "outlet": r.outlet,
        "date": r.date,
    }


def digest(d: "Digest") -> dict[str, Any]:
    return {
        "since": d.since,
        "until": d.until,
        "articles": [article(a, quotes=a.quotes or 0) for a in d.articles],
        "quotes": [dict(quote(q.quote), score=1.0, article=article(q.article), also=[], also_count=0, also_count_exact=True) for q in d.quotes],
        "speakers": [speaker(s, quotes=s.quotes or 0) for s in d.speakers],
        "claims": [
            {"claim": c.claim, "outlets": c.outlets, "unnamed_outlets": c.unnamed, "origin": origin(c.origin), "articles": [a.id for a in c.articles]}
            for c in d.claims
        ],
    }


def history_event(e: HistoryEvent) -> dict[str, Any]:
    return {
        "id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
        "before": e.before, "after": e.after, "guild_id": e.guild_id, "article_id": e.article_id,
        "speaker_id": e.speaker_id,
    }
