"""The daily digest: what entered the corpus in a period, and who said what.

Composition only (no Discord): the CLI prints it, the digest cog posts it, the tests read it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from bot.fingerprint import text_key
from bot.fts import stem, words
from bot.lexicon import content_words
from bot.models import Article, Origin, Quote, Speaker
from bot.search import sources as find_sources
from bot.storage import Scope, Store

MAX_QUOTES = 8
MAX_SPEAKERS = 10
MAX_CLAIMS = 5
CLAIM_CANDIDATES_PER_ARTICLE = 2
CLAIM_MIN_TERMS = 4  # words that say something, for a sentence to be a claim others can report
CLAIM_SHARED = 0.4  # of them, what another article's sentence must share to report the same claim
CLAIM_MIN_SHARED = 3  # and never fewer: "Donald Trump" alone is a name, not a claim
# A report of the claim is a clear match, above what `sources` shows a person who asks (a sentence
# that only shares the claim's names and one common word scores at that floor, about 0.65)
CLAIM_MIN_SCORE = 0.67
_KIND_WEIGHT = {"direct": 3.0, "partial": 2.0, "indirect": 1.5}
_SPEAKER_WEIGHT = {"person": 1.0, "body": 0.8, "group": 0.4, "anonymous": 0.5}


@dataclass(slots=True)
class DigestQuote:
    quote: Quote
    article: Article


@dataclass(slots=True)
class DigestClaim:
    claim: str
    outlets: list[str]  # the named outlets that report it
    origin: Origin | None
    articles: list[Article] = field(default_factory=list)
    unnamed: int = 0  # reports with no outlet given (a near-copy counted with its original)

    @property
    def reporters(self) -> int:
        return len(self.outlets) + self.unnamed

    def reported_by(self) -> str:
        """"3 outlets", or "2 outlets and 1 article with no outlet given"."""
        named = f"{len(self.outlets)} outlet{'s' if len(self.outlets) != 1 else ''}"
        if not self.unnamed:
            return named
        unnamed = f"{self.unnamed} article{'s' if self.unnamed != 1 else ''} with no outlet given"
        return f"{named} and {unnamed}" if self.outlets else unnamed


@dataclass(slots=True)
class Digest:
    since: str  # ISO timestamps (UTC)
    until: str
    articles: list[Article]
    quotes: list[DigestQuote]
    speakers: list[Speaker]  # with .quotes = count in the period
    claims: list[DigestClaim]

    @property
    def quiet(self) -> bool:
        return not self.articles


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


async def compose_digest(store: Store, scope: Scope, since: datetime, until: datetime) -> Digest:
    articles = await store.articles_ingested(scope, iso(since), iso(until))
    by_id = {a.id: a for a in articles}
    quotes = await store.quotes_of_articles(list(by_id))
    return Digest(
        since=iso(since),
        until=iso(until),
        articles=articles,
        quotes=_newsworthy(quotes, by_id),
        speakers=_most_quoted(quotes),
        claims=await _claims(store, scope, articles),
    )


def _newsworthiness(quote: Quote) -> float:
    speaker_kind = quote.speaker.kind if quote.speaker else "anonymous"
    length = len(quote.text.split())
    fitting = 1.0 if 6 <= length <= 60 else 0.6  # a few words or a whole page read badly in a digest
    return _KIND_WEIGHT.get(quote.kind, 1.0) * _SPEAKER_WEIGHT.get(speaker_kind, 0.5) * fitting


def _newsworthy(quotes: list[tuple[Quote, int]], articles: dict[int, Article]) -> list[DigestQuote]:
    """The most newsworthy quotes, one per speaker first, then seconds; one per statement."""
    ranked = sorted(quotes, key=lambda item: (-_newsworthiness(item[0]), item[1], item[0].position))
    chosen: list[DigestQuote] = []
    seen_speakers: set[int | None] = set()
    seen_words: set[str] = set()
    for allow_repeat in (False, True):
        for quote, article_id in ranked:
            if len(chosen) >= MAX_QUOTES:
                return chosen
            key = text_key(quote.text)
            speaker_id = quote.speaker.id if quote.speaker else None
            if key in seen_words or (not allow_repeat and speaker_id in seen_speakers):
                continue
            if any(c.quote.id == quote.id for c in chosen):
                continue
            seen_words.add(key)
            seen_speakers.add(speaker_id)
            chosen.append(DigestQuote(quote, articles[article_id]))
    return chosen


def _most_quoted(quotes: list[tuple[Quote, int]]) -> list[Speaker]:
    counts: Counter[int] = Counter()
    speakers: dict[int, Speaker] = {}
    for quote, _ in quotes:
        if quote.speaker is not None and quote.speaker.kind in ("person", "body"):
            counts[quote.speaker.id] += 1
            speakers[quote.speaker.id] = quote.speaker
    result = []
    for speaker_id, count in counts.most_common(MAX_SPEAKERS):
        speaker = speakers[speaker_id]
        result.append(Speaker(id=speaker.id, name=speaker.name, title=speaker.title, kind=speaker.kind, quotes=count))
    return result


async def _claims(store: Store, scope: Scope, articles: list[Article]) -> list[DigestClaim]:
    """Claims of the new articles (their leading sentences) that several outlets now report."""
    claims: list[DigestClaim] = []
    covered: set[frozenset[int]] = set()
    for article in articles:
        for sentence in await _lead_sentences(store, article):
            terms = _content_stems(sentence)
            answer = await find_sources(store, sentence, scope, limit=20)
            # the same claim: most of its words, not one of them ("country")
            results = [r for r in answer.results if r.score >= CLAIM_MIN_SCORE
                       and len(terms & _content_stems(r.sentence)) >= max(CLAIM_MIN_SHARED, CLAIM_SHARED * len(terms))]
            outlets = sorted({r.article.outlet for r in results if r.article.outlet})
            # an article with no outlet may be any outlet's, but a near-copy is its original's
            unnamed = {r.article.copy_of or r.article.id for r in results if not r.article.outlet}
            ids = frozenset(r.article.id for r in results)
            if len(outlets) + len(unnamed) < 2 or ids in covered:
                continue
            covered.add(ids)
            claims.append(DigestClaim(sentence, outlets, answer.origin, [r.article for r in results], len(unnamed)))
            if len(claims) >= MAX_CLAIMS:
                return claims
    claims.sort(key=lambda c: -c.reporters)
    return claims


def is_claim(sentence: str, title: str | None = None) -> bool:
    """Whether a sentence states something other outlets can be found reporting: not the headline,
    not a question, and with words enough that say something ("If we don't have it, we're not going
    to have a country." shares only "country" with anything)."""
    said, headline = words(sentence), words(title or "")
    if said == headline[: len(said)] or sentence.rstrip(" ”\"’'").endswith("?"):
        return False  # the headline, or its first sentence; a question
    return len(sentence.split()) >= 6 and len(_content_stems(sentence)) >= CLAIM_MIN_TERMS


def _content_stems(sentence: str) -> set[str]:
    """The stems of a sentence's words that say something (not "the", "would", "don")."""
    return {stem(w) for w in content_words(sentence)}


async def _lead_sentences(store: Store, article: Article) -> list[str]:
    sentences = [text for _, text in await store.article_sentences(article.id)]
    leads = [s for s in sentences if is_claim(s, article.title)]
    return leads[:CLAIM_CANDIDATES_PER_ARTICLE]


def default_since(until: datetime) -> datetime:
    return until - timedelta(days=1)
